using Floe.Testing;

namespace Floe.Metadata.Tests.Postgres;

/// <summary>
/// The real PostgreSQL server the tests use (see <see cref="TestMetadataDatabase"/>, shared by every test
/// project: the cluster scripts/test.sh started, or one this process starts). Each store under test gets a
/// database of its own (<see cref="CreateDatabase"/>), dropped afterwards.
/// </summary>
internal static class PostgresServer
{
    /// <summary>A new empty database; returns its connection string.</summary>
    public static string CreateDatabase() => TestMetadataDatabase.CreatePostgres().ConnectionString!;

    /// <summary>Drops the database of <paramref name="connectionString"/>, closing any connection still open to it.</summary>
    public static void DropDatabase(string connectionString) => TestMetadataDatabase.Drop(connectionString);
}
