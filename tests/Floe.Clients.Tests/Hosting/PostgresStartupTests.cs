using System.Net;
using System.Net.Sockets;
using Floe.Clients.Tests.Infrastructure;
using Floe.Testing;
using Npgsql;

namespace Floe.Clients.Tests.Hosting;

/// <summary>
/// <c>floe serve</c> on a PostgreSQL database it cannot use: one line on stderr that says where and
/// why (never the password), exit code 2 like any other wrong setting, nothing written to the database
/// and no data directory created.
/// </summary>
public sealed class PostgresStartupTests : IDisposable
{
    private readonly TestMetadataDatabase _database = TestMetadataDatabase.CreatePostgres();
    private readonly ScratchDirectory _dataDir = ScratchDirectory.Create("fpgs");

    public void Dispose()
    {
        _database.Dispose();
        _dataDir.DeleteAsync().GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Serve_DatabaseServerUnreachable_OneLineAndExitCode2()
    {
        string connectionString = new NpgsqlConnectionStringBuilder(_database.ConnectionString)
        {
            Port = ClosedPort(),
            Password = "not-to-be-printed",
            Timeout = 5,
        }.ConnectionString;

        Tool.Run serve = await ServeAsync(connectionString);

        Assert.Equal(2, serve.ExitCode);
        string line = Assert.Single(serve.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cannot reach PostgreSQL at 127.0.0.1", line, StringComparison.Ordinal);
        Assert.DoesNotContain("not-to-be-printed", serve.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDir));
    }

    [Fact]
    public async Task Serve_RoleUnknownToTheServer_OneLineAndExitCode2AndNothingWritten()
    {
        string connectionString = new NpgsqlConnectionStringBuilder(_database.ConnectionString)
        {
            Username = "no_such_floe_role",
            Password = "not-to-be-printed",
        }.ConnectionString;

        Tool.Run serve = await ServeAsync(connectionString);

        Assert.Equal(2, serve.ExitCode);
        string line = Assert.Single(serve.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("refused the connection", line, StringComparison.Ordinal);
        Assert.Contains("no_such_floe_role", line, StringComparison.Ordinal);
        Assert.DoesNotContain("not-to-be-printed", serve.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDir));
        await using NpgsqlConnection connection = new(_database.ConnectionString);
        await connection.OpenAsync();
        await using NpgsqlCommand tables = new("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", connection);
        Assert.Equal(0L, (long)(await tables.ExecuteScalarAsync())!);
    }

    private Task<Tool.Run> ServeAsync(string connectionString) =>
        FloeBinary.RunAsync(
            new Dictionary<string, string>
            {
                ["FLOE_METADATASTORE"] = "postgres",
                ["FLOE_METADATACONNECTIONSTRING"] = connectionString,
                ["FLOE_ADMIN_PASSWORD"] = "startup-admin-1",
            },
            "serve", "--listen", "http://127.0.0.1:" + ClosedPort(), "--data-dir", DataDir);

    /// <summary>A data directory that does not exist yet: the server must not create it when it cannot start.</summary>
    private string DataDir => _dataDir.Combine("data");

    /// <summary>A loopback port nothing listens on (taken and released at once).</summary>
    private static int ClosedPort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
