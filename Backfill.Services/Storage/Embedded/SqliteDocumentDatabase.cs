using Microsoft.Data.Sqlite;

namespace Backfill.Services.Storage.Embedded;

/// <summary>
/// The SQLite file: one writer connection behind an async lock (SQLite allows one writer at a time anyway)
/// and pooled reader connections, which WAL lets run alongside the writer on their own snapshots.
/// </summary>
internal sealed class SqliteDocumentDatabase : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS documents (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            parent TEXT NOT NULL,
            collection_id TEXT NOT NULL,
            doc_id TEXT NOT NULL,
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

        writer.Open();

        // 16 KiB pages hold ~10 typical documents each: about twice the insert rate of 4 KiB pages, and a
        // smaller file. Only takes effect on a new, empty database (before WAL is switched on).
        Execute(writer, "PRAGMA page_size=16384;");
        Execute(writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32000;");
        Execute(writer, Schema);
        Writes = new WriteCommands(writer);
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
