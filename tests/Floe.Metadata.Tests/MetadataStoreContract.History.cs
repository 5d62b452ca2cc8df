using Floe.Core.Metadata;
using Floe.Core.Metadata.History;

namespace Floe.Metadata.Tests;

public abstract partial class MetadataStoreContract
{
    private static LoginEvent Login(long accountId, string user, int minute, bool success = true) =>
        new(accountId, Start.AddMinutes(minute), user, "10.0.0.1", "DOCKER", "PASSWORD", success,
            success ? null : "390100", success ? null : "Incorrect username or password was specified.");

    private static QueryEvent Query(long accountId, string user, int minute, string id) =>
        new(accountId, id, "SHOW DATABASES", "SHOW", user, "PUBLIC", "DB", "PUBLIC", "SUCCESS", null, null,
            Start.AddMinutes(minute).AddMilliseconds(-5), Start.AddMinutes(minute), 2);

    private static RegistryEvent Pull(long accountId, string user, int minute, string? tag = "latest") =>
        new(accountId, Start.AddMinutes(minute), user, null, "pull", "DB.PUBLIC.REPO", "app", tag,
            "sha256:" + new string('a', 64), "10.0.0.2");

    private static HistoryBatch Batch(
        IReadOnlyList<LoginEvent>? logins = null, IReadOnlyList<QueryEvent>? queries = null, IReadOnlyList<RegistryEvent>? registry = null) =>
        new(logins ?? [], queries ?? [], registry ?? []);

    private static HistoryFilter All(long accountId, string? user = null) => new(accountId, user, null, null, 100);

    [Fact]
    public async Task ListHistoryAsync_EventsOfEveryKind_ReadBackNewestFirstWithEveryField()
    {
        AccountRecord account = await AccountAsync();
        LoginEvent failed = Login(account.Id, "ALICE", 1, success: false);
        await Store.AppendHistoryAsync(Batch(
            logins: [Login(account.Id, "ALICE", 0), failed],
            queries: [Query(account.Id, "ALICE", 0, "q-old"), Query(account.Id, "ALICE", 2, "q-new")],
            registry: [Pull(account.Id, "ALICE", 0), Pull(account.Id, "ALICE", 3, tag: null)]), Token);

        IReadOnlyList<LoginEvent> logins = await Store.ListLoginHistoryAsync(All(account.Id), Token);
        IReadOnlyList<QueryEvent> queries = await Store.ListQueryHistoryAsync(All(account.Id), Token);
        IReadOnlyList<RegistryEvent> registry = await Store.ListRegistryHistoryAsync(All(account.Id), Token);

        Assert.Equal([false, true], logins.Select(login => login.IsSuccess));
        Assert.Equal(failed, logins[0] with { EventId = 0 });
        Assert.True(logins[0].EventId > logins[1].EventId);
        Assert.Equal([Query(account.Id, "ALICE", 2, "q-new"), Query(account.Id, "ALICE", 0, "q-old")], queries);
        Assert.Equal(Pull(account.Id, "ALICE", 3, tag: null), registry[0] with { EventId = 0 });
        Assert.Equal("latest", registry[1].Tag);
    }

    [Fact]
    public async Task ListHistoryAsync_FilteredByUserTimeAndLimit_AnswersOnlyThoseOfTheAccount()
    {
        AccountRecord account = await AccountAsync();
        AccountRecord other = await AccountAsync("OTHER");
        await Store.AppendHistoryAsync(Batch(
            logins: [Login(account.Id, "ALICE", 0), Login(account.Id, "BOB", 1), Login(account.Id, "ALICE", 2), Login(other.Id, "ALICE", 3)],
            registry: [Pull(account.Id, "ALICE", 0), Pull(account.Id, "BOB", 1), Pull(account.Id, "ALICE", 2)],
            queries: [Query(account.Id, "ALICE", 0, "a"), Query(account.Id, "BOB", 1, "b"), Query(account.Id, "ALICE", 2, "c")]), Token);

        Assert.Equal([2, 0], (await Store.ListLoginHistoryAsync(All(account.Id, "ALICE"), Token)).Select(MinuteOf));
        Assert.Equal([1], (await Store.ListRegistryHistoryAsync(All(account.Id, "BOB"), Token)).Select(MinuteOf));
        Assert.Equal(["c"], (await Store.ListQueryHistoryAsync(All(account.Id) with { Limit = 1 }, Token)).Select(q => q.QueryId));
        Assert.Equal([1], (await Store.ListLoginHistoryAsync(
            All(account.Id) with { From = Start.AddMinutes(1), To = Start.AddMinutes(1.5) }, Token)).Select(MinuteOf));
        Assert.Equal(["b", "a"], (await Store.ListQueryHistoryAsync(
            All(account.Id) with { To = Start.AddMinutes(1) }, Token)).Select(q => q.QueryId));
        Assert.Single(await Store.ListLoginHistoryAsync(All(other.Id), Token));
    }

    [Fact]
    public async Task PruneHistoryAsync_EventsOlderThanTheCutoff_DeletesOnlyThose()
    {
        AccountRecord account = await AccountAsync();
        await Store.AppendHistoryAsync(Batch(
            logins: [Login(account.Id, "ALICE", 0), Login(account.Id, "ALICE", 10)],
            queries: [Query(account.Id, "ALICE", 0, "old"), Query(account.Id, "ALICE", 10, "new")],
            registry: [Pull(account.Id, "ALICE", 0), Pull(account.Id, "ALICE", 10)]), Token);

        int pruned = await Store.PruneHistoryAsync(Start.AddMinutes(5), Token);

        Assert.Equal(3, pruned);
        Assert.Equal([10], (await Store.ListLoginHistoryAsync(All(account.Id), Token)).Select(MinuteOf));
        Assert.Equal(["new"], (await Store.ListQueryHistoryAsync(All(account.Id), Token)).Select(q => q.QueryId));
        Assert.Equal([10], (await Store.ListRegistryHistoryAsync(All(account.Id), Token)).Select(MinuteOf));
    }

    [Fact]
    public async Task PruneHistoryAsync_RegistryEventsOfSeveralAccounts_PrunesEveryAccountByAge()
    {
        AccountRecord account = await AccountAsync();
        AccountRecord other = await AccountAsync("OTHER");
        await Store.AppendHistoryAsync(Batch(registry:
            [Pull(account.Id, "ALICE", 0), Pull(other.Id, "BOB", 1), Pull(account.Id, "ALICE", 10), Pull(other.Id, "BOB", 11)]), Token);

        int pruned = await Store.PruneHistoryAsync(Start.AddMinutes(5), Token);

        Assert.Equal(2, pruned);
        Assert.Equal([10], (await Store.ListRegistryHistoryAsync(All(account.Id), Token)).Select(MinuteOf));
        Assert.Equal([11], (await Store.ListRegistryHistoryAsync(All(other.Id), Token)).Select(MinuteOf));
    }

    [Fact]
    public async Task AppendHistoryAsync_EventOfADroppedAccountOrARepeatedQueryId_IsLeftOutAndTheRestKept()
    {
        AccountRecord account = await AccountAsync();
        await Store.AppendHistoryAsync(Batch(queries: [Query(account.Id, "ALICE", 0, "same")]), Token);

        await Store.AppendHistoryAsync(Batch(
            logins: [Login(account.Id + 1000, "GHOST", 0), Login(account.Id, "ALICE", 1)],
            queries: [Query(account.Id, "ALICE", 1, "same")],
            registry: [Pull(account.Id + 1000, "GHOST", 0), Pull(account.Id, "ALICE", 1), Pull(account.Id + 1000, "GHOST", 2), Pull(account.Id, "ALICE", 3)]), Token);

        Assert.Equal([1], (await Store.ListLoginHistoryAsync(All(account.Id), Token)).Select(MinuteOf));
        Assert.Equal([0], (await Store.ListQueryHistoryAsync(All(account.Id), Token)).Select(q => (int)(q.EndTime - Start).TotalMinutes));
        Assert.Equal([3, 1], (await Store.ListRegistryHistoryAsync(All(account.Id), Token)).Select(MinuteOf));
        Assert.Empty(await Store.ListRegistryHistoryAsync(All(account.Id + 1000), Token));
    }

    private static int MinuteOf(LoginEvent login) => (int)(login.EventTimestamp - Start).TotalMinutes;

    private static int MinuteOf(RegistryEvent registry) => (int)(registry.EventTimestamp - Start).TotalMinutes;
}
