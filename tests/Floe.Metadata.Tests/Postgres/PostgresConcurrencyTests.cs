using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Postgres;
using Floe.Metadata.Postgres.Connections;
using Floe.Metadata.Tests.ControlPlane;
using Npgsql;

namespace Floe.Metadata.Tests.Postgres;

/// <summary>
/// Two nodes on one PostgreSQL database doing the same thing at the same moment: <see cref="StoreTestBase.Store"/>
/// and a second store on the same database (its own connection pool, as another process would have).
/// Each race runs several rounds, both sides released together, so the two transactions overlap.
/// The assertions are about outcomes only: exactly one winner, no duplicate row, no error.
/// </summary>
public sealed class PostgresConcurrencyTests(PostgresDatabase database) : ControlPlaneTestBase, IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const int Rounds = 6;

    private readonly PostgresDatabase _database = database;
    private PostgresMetadataStore? _otherNode;

    private PostgresMetadataStore OtherNode => _otherNode ??= _database.OpenStore(Clock);

    protected override IMetadataStore CreateStore(TimeProvider clock)
    {
        _database.Empty();
        return _database.OpenSharedStore(clock);
    }

    protected override async ValueTask DeleteStorageAsync()
    {
        if (_otherNode is not null)
        {
            await _otherNode.DisposeAsync();
        }
    }

    [Fact]
    public async Task CreateImageRepositoryAsync_TwoNodesSameNameAtOnce_ExactlyOneCreates()
    {
        Tenant tenant = await TenantAsync();
        SchemaRecord schema = await PublicSchemaAsync(tenant, await DatabaseAsync(tenant));

        for (int round = 0; round < Rounds; round++)
        {
            NewImageRepository repository = new(tenant.Id, schema.Id, $"REPO{round}", tenant.SysAdmin);
            (CreateResult<RepositoryRecord> first, CreateResult<RepositoryRecord> second) = await RaceAsync(
                store => store.CreateImageRepositoryAsync(repository, CreateMode.FailIfExists, Token));

            Assert.Equal(new[] { CreateStatus.AlreadyExists, CreateStatus.Created }.Order(), new[] { first.Status, second.Status }.Order());
            Assert.Equal(first.Value!.Id, second.Value!.Id);
            Assert.Single(
                await Store.ListGrantsOnAsync(tenant.Id, SecurableObject.ImageRepository(first.Value.Id), Token),
                grant => grant.Privilege == Privilege.Ownership);
        }

        Assert.Equal(Rounds, (await Store.ListImageRepositoriesAsync(tenant.Id, new RepositoryScope(null, null), Token)).Count);
    }

    [Fact]
    public async Task CreateRepositoryAsync_TwoNodesSameKeyAtOnce_OneGetsItTheOtherNull()
    {
        Tenant tenant = await TenantAsync();

        for (int round = 0; round < Rounds; round++)
        {
            NewRepository repository = new(tenant.Id, Key("DB", "PUBLIC", $"REPO{round}"), SystemRoles.SysAdmin, null);
            (RepositoryRecord? first, RepositoryRecord? second) = await RaceAsync(store => store.CreateRepositoryAsync(repository, Token));

            Assert.Single(new[] { first, second }, created => created is not null);
        }

        Assert.Equal(Rounds, (await OtherNode.ListRepositoriesAsync(tenant.Id, Token)).Count);
    }

    [Fact]
    public async Task GrantPrivilegesAsync_TwoNodesGrantTheSameAtOnce_OneRowBothGranted()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        SecurableObject target = SecurableObject.ImageRepository(repository.Id);

        for (int round = 0; round < Rounds; round++)
        {
            RoleRecord role = await RoleAsync(tenant, $"READER{round}");
            PrivilegeGrant grant = new(tenant.Id, target, [Privilege.Read, Privilege.Write], role.Id, WithGrantOption: round % 2 == 0, tenant.SecurityAdmin);
            (GrantStatus first, GrantStatus second) = await RaceAsync(store => store.GrantPrivilegesAsync(grant, Token));

            Assert.Equal((GrantStatus.Granted, GrantStatus.Granted), (first, second));
            Assert.Equal(
                [Privilege.Read, Privilege.Write],
                (await Store.ListGrantsToRoleAsync(tenant.Id, role.Id, Token)).Select(row => row.Privilege).Order());
        }
    }

    [Fact]
    public async Task RevokePrivilegesAsync_GrantAndRevokeAtOnce_EndInOneOfTheTwoOrders()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        SecurableObject target = SecurableObject.ImageRepository(repository.Id);
        RoleRecord role = await RoleAsync(tenant, "READER");

        for (int round = 0; round < Rounds; round++)
        {
            PrivilegeGrant grant = new(tenant.Id, target, [Privilege.Read], role.Id, WithGrantOption: false, tenant.SecurityAdmin);
            (GrantStatus granted, int revoked) = await RaceAsync(
                store => store.GrantPrivilegesAsync(grant, Token),
                store => store.RevokePrivilegesAsync(tenant.Id, target, [Privilege.Read], role.Id, grantOptionOnly: false, Token));

            // Revoke first: it changed nothing and the grant stands. Grant first: the revoke removed it.
            int rows = (await Store.ListGrantsToRoleAsync(tenant.Id, role.Id, Token)).Count;
            Assert.Equal(GrantStatus.Granted, granted);
            Assert.Equal(revoked == 0 ? 1 : 0, rows);
            await Store.RevokePrivilegesAsync(tenant.Id, target, [Privilege.Read], role.Id, grantOptionOnly: false, Token);
        }
    }

    [Fact]
    public async Task TransferOwnershipAsync_TwoNodesToDifferentRolesAtOnce_ExactlyOneOwner()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);
        SecurableObject target = SecurableObject.ImageRepository(repository.Id);

        for (int round = 0; round < Rounds; round++)
        {
            RoleRecord left = await RoleAsync(tenant, $"LEFT{round}");
            RoleRecord right = await RoleAsync(tenant, $"RIGHT{round}");
            (TransferStatus first, TransferStatus second) = await RaceAsync(
                store => store.TransferOwnershipAsync(tenant.Id, target, left.Id, tenant.SecurityAdmin, CurrentGrants.Copy, Token),
                store => store.TransferOwnershipAsync(tenant.Id, target, right.Id, tenant.SecurityAdmin, CurrentGrants.Copy, Token));

            Assert.Equal((TransferStatus.Transferred, TransferStatus.Transferred), (first, second));
            GrantRecord owner = Assert.Single(await Store.ListGrantsOnAsync(tenant.Id, target, Token), grant => grant.Privilege == Privilege.Ownership);
            Assert.Contains(owner.GranteeRoleId, new[] { left.Id, right.Id });
        }
    }

    [Fact]
    public async Task GrantRoleToRoleAsync_TwoNodesCloseACycleAtOnce_OnlyOneEdgeIsGranted()
    {
        Tenant tenant = await TenantAsync();

        for (int round = 0; round < Rounds; round++)
        {
            RoleRecord x = await RoleAsync(tenant, $"X{round}");
            RoleRecord y = await RoleAsync(tenant, $"Y{round}");
            (RoleGrantStatus xUnderY, RoleGrantStatus yUnderX) = await RaceAsync(
                store => store.GrantRoleToRoleAsync(tenant.Id, x.Id, y.Id, tenant.SecurityAdmin, Token),
                store => store.GrantRoleToRoleAsync(tenant.Id, y.Id, x.Id, tenant.SecurityAdmin, Token));

            Assert.Equal(new[] { RoleGrantStatus.Granted, RoleGrantStatus.Cycle }.Order(), new[] { xUnderY, yUnderX }.Order());
            int edges = (await Store.ListRolesGrantedToRoleAsync(tenant.Id, x.Id, Token)).Count
                + (await Store.ListRolesGrantedToRoleAsync(tenant.Id, y.Id, Token)).Count;
            Assert.Equal(1, edges);
        }
    }

    [Fact]
    public async Task LinkBlobAsync_TwoNodesSameDigestAtOnce_OneBlobRowAndOneLinkPerRepository()
    {
        Tenant tenant = await TenantAsync();
        (_, SchemaRecord schema, RepositoryRecord first) = await RepositoryTreeAsync(tenant);
        RepositoryRecord second = await ImageRepositoryAsync(tenant, schema, "OTHER");

        for (int round = 0; round < Rounds; round++)
        {
            Digest digest = Digest.Sha256Of(System.Text.Encoding.UTF8.GetBytes($"layer {round}"));
            await RaceAsync(async store =>
            {
                await store.LinkBlobAsync(first.Id, digest, 100 + round, Token);
                await store.LinkBlobAsync(second.Id, digest, 100 + round, Token);
                return true;
            });

            Assert.Equal(100 + round, await OtherNode.FindBlobLinkAsync(second.Id, digest, Token));
            Assert.Equal([first.Id, second.Id], await Store.FindRepositoriesLinkingAsync(tenant.Id, digest, Token));
        }

        Assert.Equal(Rounds, await CountAsync("SELECT count(*) FROM blobs"));
        Assert.Equal(2 * Rounds, await CountAsync("SELECT count(*) FROM blob_links"));
    }

    [Fact]
    public async Task PutManifestAsync_TwoNodesSameManifestAtOnce_OneImageOneManifestOneTag()
    {
        Tenant tenant = await TenantAsync();
        (_, _, RepositoryRecord repository) = await RepositoryTreeAsync(tenant);

        for (int round = 0; round < Rounds; round++)
        {
            byte[] body = System.Text.Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"round":{{round}}}""");
            ManifestWrite manifest = new(repository.Id, $"app{round}", Digest.Sha256Of(body), MediaTypes.OciManifest,
                null, null, body, null, "latest", [], []);
            await RaceAsync(async store =>
            {
                await store.PutManifestAsync(manifest, Token);
                return true;
            });

            Assert.Equal(body, (await OtherNode.FindManifestByTagAsync(repository.Id, $"app{round}", "latest", Token))?.Body);
        }

        Assert.Equal(Rounds, await CountAsync("SELECT count(*) FROM images"));
        Assert.Equal(Rounds, await CountAsync("SELECT count(*) FROM manifests"));
        Assert.Equal(Rounds, await CountAsync("SELECT count(*) FROM tags"));
    }

    [Fact]
    public async Task EnsureAccountAsync_TwoNodesProvisionTheSameAccountAtOnce_OneAccountProvisionedOnce()
    {
        Tenant reference = await TenantAsync("REFERENCE");
        int rolesOfOneAccount = (await Store.ListRolesAsync(reference.Id, Token)).Count;

        for (int round = 0; round < Rounds; round++)
        {
            NewAccount account = new($"ACME{round}", "ADMIN", AdminHash);
            (AccountProvisioning first, AccountProvisioning second) = await RaceAsync(store => store.EnsureAccountAsync(account, Token));

            Assert.Equal(first.Account, second.Account);
            Assert.Single(new[] { first.Provisioned, second.Provisioned }, provisioned => provisioned);
            Assert.Equal(rolesOfOneAccount, (await Store.ListRolesAsync(first.Account.Id, Token)).Count);
            Assert.Single(await Store.ListUsersAsync(first.Account.Id, Token));
        }
    }

    [Fact]
    public async Task ActivateSigningKeyAsync_TwoNodesRotateFromTheSameKeyAtOnce_OneWinsOneKeyActive()
    {
        string? active = null;
        for (int round = 0; round < Rounds; round++)
        {
            string? expected = active;
            SigningKeyRecord here = new($"here{round}", "ES256", [1, 2, 3], Start, null);
            SigningKeyRecord there = new($"there{round}", "ES256", [4, 5, 6], Start, null);
            (bool first, bool second) = await RaceAsync(
                store => store.ActivateSigningKeyAsync(here, expected, Token),
                store => store.ActivateSigningKeyAsync(there, expected, Token));

            Assert.Single(new[] { first, second }, activated => activated);
            active = first ? here.KeyId : there.KeyId;
            Assert.Equal(active, Assert.Single(await OtherNode.ListSigningKeysAsync(Token), key => key.IsActive).KeyId);
        }
    }

    [Fact]
    public async Task AddDataProtectionKeyAsync_TwoNodesStoreTheSameElementAtOnce_OneRowNoError()
    {
        for (int round = 0; round < Rounds; round++)
        {
            DataProtectionKeyRecord key = new($"key-{round}", $"<key id=\"{round}\" />", Start);

            (bool first, bool second) = await RaceAsync(store => store.AddDataProtectionKeyAsync(key, Token));

            Assert.Single(new[] { first, second }, stored => stored);
        }

        Assert.Equal(Rounds, (await OtherNode.ListDataProtectionKeysAsync(Token)).Count);
    }

    /// <summary>Runs <paramref name="action"/> on both nodes, released at the same moment; this node's result first.</summary>
    private Task<(T First, T Second)> RaceAsync<T>(Func<IMetadataStore, ValueTask<T>> action) => RaceAsync(action, action);

    /// <summary>Runs <paramref name="here"/> on this node and <paramref name="there"/> on the other, released at the same moment.</summary>
    private async Task<(T1 Here, T2 There)> RaceAsync<T1, T2>(Func<IMetadataStore, ValueTask<T1>> here, Func<IMetadataStore, ValueTask<T2>> there)
    {
        TaskCompletionSource start = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<T1> first = Task.Run(async () =>
        {
            await start.Task;
            return await here(Store);
        });
        Task<T2> second = Task.Run(async () =>
        {
            await start.Task;
            return await there(OtherNode);
        });
        start.SetResult();
        return (await first, await second);
    }

    private async Task<long> CountAsync(string sql)
    {
        using ConnectionLease lease = await ((PostgresMetadataStore)Store).RentConnectionForTestsAsync(Token);
        using NpgsqlCommand command = lease.Connection.OneOffCommand(sql);
        return (long)(await command.ExecuteScalarAsync(Token))!;
    }
}
