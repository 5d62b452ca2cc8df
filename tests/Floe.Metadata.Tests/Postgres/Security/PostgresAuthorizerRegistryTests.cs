using Floe.Core.Metadata;
using Floe.Metadata.Tests.Security;

namespace Floe.Metadata.Tests.Postgres.Security;

/// <summary>Every <see cref="AuthorizerRegistryTests"/> case with the authorizer reading a real PostgreSQL store.</summary>
public sealed class PostgresAuthorizerRegistryTests(PostgresDatabase database) : AuthorizerRegistryTests, IClassFixture<PostgresDatabase>
{
    protected override IMetadataStore CreateStore(TimeProvider clock)
    {
        database.Empty();
        return database.OpenSharedStore(clock);
    }
}
