using Floe.Core.Metadata;
using Floe.Core.Security;
using Floe.Metadata.Sqlite;
using Floe.Metadata.Tests.ControlPlane;

namespace Floe.Metadata.Tests.Security;

/// <summary>The <see cref="Authorizer"/> over a real SQLite store in a temporary directory (no mocks); the PostgreSQL test classes derive and override <see cref="CreateStore"/>.</summary>
public abstract class AuthorizerTestBase : ControlPlaneTestBase
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("floe-authorizer-");

    protected Authorizer Authorizer => new(Store);

    protected override IMetadataStore CreateStore(TimeProvider clock) =>
        new SqliteMetadataStore(new SqliteMetadataOptions { DatabasePath = Path.Combine(_directory.FullName, "metadata.db") }, clock);

    protected override ValueTask DeleteStorageAsync()
    {
        _directory.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
