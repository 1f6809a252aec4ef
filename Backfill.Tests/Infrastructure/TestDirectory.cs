namespace Backfill.Tests.Infrastructure;

/// <summary>
/// A test's own directory under the temp path, for its SQLite stores and other files, and its removal once the test is
/// done. SQLite pools its connections and keeps their files open after a store is disposed, so the pools are cleared
/// before the directory is deleted.
/// </summary>
internal static class TestDirectory
{
    /// <summary>A new, unused path named <paramref name="prefix"/> and a GUID; not created.</summary>
    public static string NewPath(string prefix) => Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));

    /// <summary>Deletes <paramref name="path"/> and everything in it, if it exists.</summary>
    public static void Delete(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
