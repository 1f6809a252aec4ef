using Microsoft.Data.Sqlite;

namespace Backfill.Services.Storage.Embedded;

/// <summary>
/// The SQLite file: one writer connection behind an async lock (SQLite allows one writer at a time anyway)
/// and pooled reader connections, which WAL lets run alongside the writer on their own snapshots.
/// </summary>
internal sealed class SqliteDocumentDatabase : IDisposable
{
    private const int SchemaVersion = 1;

    // key: the document's sort key (see DocumentKey), parent: its parent document's key ("" at the root), which
    // tells a collection's own documents from same-named collections deeper down. Times are Unix microseconds;
    // fields are FieldCodec JSON. (collection_id, key) serves collection and collection-group scans in name order.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS documents (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            parent TEXT NOT NULL,
            collection_id TEXT NOT NULL,
            create_time INTEGER NOT NULL,
            update_time INTEGER NOT NULL,
            fields BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS documents_by_group ON documents (collection_id, key);
        """;

    private readonly SemaphoreSlim writerLock = new(1, 1);
    private readonly SqliteConnection writer;
    private readonly string readerConnectionString;

    public SqliteDocumentDatabase(string path)
    {
        FilePath = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        writer = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        readerConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
        }.ToString();

        try
        {
            Initialize(writer);
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        Writes = new WriteCommands(writer);
    }

    private static void Initialize(SqliteConnection writer)
    {
        writer.Open();

        // 16 KiB pages hold ~8 order-sized documents each: about twice the insert rate of 4 KiB pages, and a
        // smaller file. Only takes effect on a new, empty database (before WAL is switched on).
        Execute(writer, "PRAGMA page_size=16384;");
        // Several processes may share the file (instances of the app holding leases, see Backfill/Leases): WAL lets their
        // readers run beside one writer, and every write transaction is BEGIN IMMEDIATE (BeginTransaction's default), so it
        // takes the file's write lock before it reads a precondition. A process that finds the lock held waits: SQLite's
        // busy timeout, then Microsoft.Data.Sqlite's own retry of SQLITE_BUSY up to the command timeout (30 s).
        Execute(writer, "PRAGMA busy_timeout=10000;");
        Execute(writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32000;");
        EnsureSchema(writer);
    }

    public string FilePath { get; }

    public WriteCommands Writes { get; }

    /// <summary>Runs <paramref name="work"/> alone on the writer connection inside one transaction; rolls back on any exception.</summary>
    public async Task<T> WriteAsync<T>(Func<WriteCommands, T> work, CancellationToken cancellationToken)
    {
        await writerLock.WaitAsync(cancellationToken);
        try
        {
            using var transaction = writer.BeginTransaction();
            Writes.Join(transaction);
            var result = work(Writes);
            transaction.Commit();
            return result;
        }
        catch (SqliteException e)
        {
            throw new StoreException(StoreErrorCode.Unavailable, $"the embedded database failed: {e.Message}", inner: e);
        }
        finally
        {
            writerLock.Release();
        }
    }

    /// <summary>A pooled connection for reads; dispose it when done.</summary>
    public SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(readerConnectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new StoreException(StoreErrorCode.Unavailable, $"the embedded database failed: {e.Message}", inner: e);
        }
    }

    /// <summary>Creates the schema in a new file; refuses a file written with another schema version.</summary>
    private static void EnsureSchema(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        var version = (long)command.ExecuteScalar()!;
        if (version == 0)
        {
            Execute(connection, Schema + $"PRAGMA user_version = {SchemaVersion};");
        }
        else if (version != SchemaVersion)
        {
            throw new StoreException(
                StoreErrorCode.FailedPrecondition,
                $"the embedded database '{connection.DataSource}' has schema version {version}; this build reads version {SchemaVersion}");
        }
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Writes.Dispose();
        writer.Dispose();
        using var pooled = new SqliteConnection(readerConnectionString);
        SqliteConnection.ClearPool(pooled);
        writerLock.Dispose();
    }
}
