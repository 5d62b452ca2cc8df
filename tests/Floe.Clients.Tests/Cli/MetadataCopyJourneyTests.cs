using System.Net;
using Floe.Clients.Tests.Infrastructure;
using Floe.Testing;

namespace Floe.Clients.Tests.Cli;

/// <summary>
/// Moving a single-node install to PostgreSQL with the real executables: <c>floe serve</c> on SQLite
/// gets an image, a user with a password and a grant; it is stopped; <c>floe metadata copy
/// --to-postgres</c> moves the metadata into a new database; <c>floe serve</c> with
/// <c>MetadataStore=postgres</c> over the same data directory (its blobs) then serves the image
/// byte for byte, the user's old password and grant, and new pushes.
/// </summary>
// The source is a SQLite install by nature (the copy moves SQLite into PostgreSQL); its target is PostgreSQL in every run.
[Trait("MetadataStore", "sqlite-only")]
public sealed class MetadataCopyJourneyTests : IAsyncLifetime
{
    private const string Image = "db/sch/repo/app";
    private const string ReaderPassword = "reader-secret-1";

    private readonly TestMetadataDatabase _postgres = TestMetadataDatabase.CreatePostgres();
    private readonly List<FloeProcess> _servers = [];

    private string Database => _postgres.ConnectionString!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (FloeProcess server in _servers)
        {
            await server.DisposeAsync();
        }

        _postgres.Dispose();
    }

    [Fact]
    public async Task MetadataCopy_StoppedSqliteInstall_PostgresServesImagesLoginsAndGrantsAsBefore()
    {
        CancellationToken token = CancellationToken.None;
        FloeProcess sqlite = await StartAsync(FloeProcess.StartAsync("db/sch/repo"));
        await sqlite.SqlAsync(
            $"CREATE USER reader PASSWORD = '{ReaderPassword}'; CREATE ROLE reader_role; " +
            "GRANT USAGE ON DATABASE db TO ROLE reader_role; GRANT USAGE ON SCHEMA db.sch TO ROLE reader_role; " +
            "GRANT READ ON IMAGE REPOSITORY db.sch.repo TO ROLE reader_role; GRANT ROLE reader_role TO USER reader;");
        TestImage image = TestImage.Create(new Random(11), 256 * 1024, "before the move");
        using (RegistryHttpClient admin = new(sqlite, "ADMIN", FloeProcess.AdminPassword))
        {
            await admin.AuthorizeAsync(token, $"repository:{Image}:pull,push");
            await PushAsync(admin, image, "v1");
        }

        Assert.Equal(0, await sqlite.TerminateAsync());

        Tool.Run copy = await FloeBinary.RunAsync(null, "metadata", "copy", "--to-postgres", Database, "--data-dir", sqlite.DataDir);
        Assert.True(copy.ExitCode == 0, copy.Output);
        Assert.Contains("Copied", copy.Stdout, StringComparison.Ordinal);
        Tool.Run again = await FloeBinary.RunAsync(null, "metadata", "copy", "--to-postgres", Database, "--data-dir", sqlite.DataDir);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("not empty", again.Stderr, StringComparison.Ordinal);

        FloeProcess postgres = await StartAsync(FloeProcess.StartInAsync(sqlite.DataDir, new Dictionary<string, string>
        {
            ["FLOE_METADATASTORE"] = "postgres",
            ["FLOE_METADATACONNECTIONSTRING"] = Database,
        }));

        using (RegistryHttpClient reader = new(postgres, "reader", ReaderPassword))
        {
            await reader.AuthorizeAsync(token, $"repository:{Image}:pull,push");
            Assert.Equal(["pull"], reader.Access[Image]); // the grant came along: READ, not WRITE
            (HttpStatusCode status, byte[] manifest, string? digest) = await reader.ReadAsync($"/v2/{Image}/manifests/v1", token);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(image.Manifest, manifest);
            Assert.Equal(image.ManifestDigest, digest);
            Assert.Equal(image.Layer, (await reader.ReadAsync($"/v2/{Image}/blobs/{image.LayerDigest}", token)).Body);
            Assert.Equal(image.Config, (await reader.ReadAsync($"/v2/{Image}/blobs/{image.ConfigDigest}", token)).Body);
        }

        using (RegistryHttpClient admin = new(postgres, "ADMIN", FloeProcess.AdminPassword))
        {
            await admin.AuthorizeAsync(token, $"repository:{Image}:pull,push");
            TestImage after = TestImage.Create(new Random(12), 64 * 1024, "after the move");
            await PushAsync(admin, after, "v2");
            Assert.Equal(after.Manifest, (await admin.ReadAsync($"/v2/{Image}/manifests/v2", token)).Body);
        }

        string grants = await postgres.SqlAsync("SHOW GRANTS TO ROLE reader_role");
        Assert.Contains("DB.SCH.REPO", grants, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<FloeProcess> StartAsync(Task<FloeProcess> starting)
    {
        FloeProcess server = await starting;
        _servers.Add(server);
        return server;
    }

    private static async Task PushAsync(RegistryHttpClient client, TestImage image, string tag)
    {
        foreach (byte[] blob in new[] { image.Layer, image.Config })
        {
            using HttpResponseMessage pushed = await client.PushBlobAsync(Image, blob, BlobPushMode.Monolithic, CancellationToken.None);
            Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        }

        using HttpResponseMessage put = await client.PutManifestAsync(Image, tag, image.Manifest, TestImage.ManifestMediaType, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }
}
