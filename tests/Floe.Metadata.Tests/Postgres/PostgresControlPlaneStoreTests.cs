using Floe.Core.Metadata;
using Floe.Metadata.Tests.ControlPlane;

namespace Floe.Metadata.Tests.Postgres;

/// <summary>The control-plane contract on a real PostgreSQL server, each test class in a database of its own, emptied before each test.</summary>
public sealed class PostgresControlPlaneStoreTests(PostgresDatabase database) : ControlPlaneStoreContract, IClassFixture<PostgresDatabase>
{
    private readonly PostgresDatabase _database = database;

    protected override IMetadataStore CreateStore(TimeProvider clock)
    {
        _database.Empty();
        return _database.OpenStore(clock);
    }
}
