using Microsoft.Data.Sqlite;

namespace Backfill.Services.Storage.Embedded;

/// <summary>Prepared statements on the writer connection, reused for every write.</summary>
internal sealed class WriteCommands : IDisposable
{
    private readonly SqliteCommand upsert;
    private readonly SqliteCommand insert;
    private readonly SqliteCommand select;
    private readonly SqliteCommand delete;
    private readonly SqliteCommand selectTime;
    private readonly SqliteCommand[] all;

    public WriteCommands(SqliteConnection connection)
    {
        Connection = connection;

        // An unchanged document keeps its update time, as in Firestore: the WHERE skips the update. A changed one always
        // gets a later update time than it had, even when another process's clock (and commit time) is a little behind,
        // so an update-time precondition can never match a version it did not read.
        upsert = Create(connection, """
            INSERT INTO documents (key, parent, collection_id, create_time, update_time, fields)
            VALUES ($key, $parent, $collection, $time, $time, $fields)
            ON CONFLICT (key) DO UPDATE SET fields = excluded.fields, update_time = max(excluded.update_time, documents.update_time + 1)
            WHERE fields IS NOT excluded.fields
            """, "$key", "$parent", "$collection", "$time", "$fields");
        insert = Create(connection, """
            INSERT INTO documents (key, parent, collection_id, create_time, update_time, fields)
            VALUES ($key, $parent, $collection, $time, $time, $fields)
            ON CONFLICT (key) DO NOTHING
            """, "$key", "$parent", "$collection", "$time", "$fields");
        select = Create(connection, "SELECT fields FROM documents WHERE key = $key", "$key");
        delete = Create(connection, "DELETE FROM documents WHERE key = $key", "$key");
        selectTime = Create(connection, "SELECT update_time FROM documents WHERE key = $key", "$key");
        all = [upsert, insert, select, delete, selectTime];
    }

    public SqliteConnection Connection { get; }

    public SqliteTransaction? Transaction { get; private set; }

    public void Join(SqliteTransaction transaction)
    {
        Transaction = transaction;
        foreach (var command in all)
        {
            command.Transaction = transaction;
        }
    }

    /// <summary>Inserts or replaces; returns false when the stored document was identical.</summary>
    public bool Upsert(PreparedWrite write, byte[] fields, long time) => Run(upsert, write, fields, time) > 0;

    /// <summary>Inserts; returns false when the document already exists.</summary>
    public bool Insert(PreparedWrite write, byte[] fields, long time) => Run(insert, write, fields, time) > 0;

    public byte[]? Select(string key)
    {
        select.Parameters[0].Value = key;
        return select.ExecuteScalar() as byte[];
    }

    /// <summary>The stored update time in Unix microseconds, or null when the document does not exist.</summary>
    public long? SelectUpdateTime(string key)
    {
        selectTime.Parameters[0].Value = key;
        return selectTime.ExecuteScalar() is long time ? time : null;
    }

    public bool Delete(string key)
    {
        delete.Parameters[0].Value = key;
        return delete.ExecuteNonQuery() > 0;
    }

    /// <summary>A one-off statement inside the current transaction.</summary>
    public SqliteCommand CreateCommand(string sql)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        return command;
    }

    private static int Run(SqliteCommand command, PreparedWrite write, byte[] fields, long time)
    {
        var p = command.Parameters;
        p[0].Value = write.Key;
        p[1].Value = write.Parent;
        p[2].Value = write.CollectionId;
        p[3].Value = time;
        p[4].Value = fields;
        return command.ExecuteNonQuery();
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    public void Dispose()
    {
        foreach (var command in all)
        {
            command.Dispose();
        }
    }
}
