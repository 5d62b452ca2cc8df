using Floe.Core.Metadata;

namespace Floe.Core.Tests.Metadata;

/// <summary>
/// A value kept under a store version is handed out only under that version: never after a newer one
/// has been read, and never once its version's memo has outgrown its capacity.
/// </summary>
public sealed class VersionedMemoTests
{
    [Fact]
    public void TryGet_SameVersion_AnswersTheValueKept()
    {
        VersionedMemo<string, string> memo = new(10, _ => 1);

        memo.Keep(5, "latest", "sha256:a");

        Assert.True(memo.TryGet(5, "latest", out string kept));
        Assert.Equal("sha256:a", kept);
        Assert.False(memo.TryGet(5, "other", out _));
    }

    [Fact]
    public void TryGet_AfterANewerVersionWasRead_NothingOfTheOlderIsEverAnsweredOrKept()
    {
        VersionedMemo<string, string> memo = new(10, _ => 1);
        memo.Keep(5, "latest", "sha256:a");

        Assert.False(memo.TryGet(6, "latest", out _));
        Assert.False(memo.TryGet(5, "latest", out _));
        memo.Keep(5, "latest", "sha256:stale");
        Assert.False(memo.TryGet(5, "latest", out _));
        Assert.False(memo.TryGet(6, "latest", out _));

        memo.Keep(6, "latest", "sha256:b");
        Assert.True(memo.TryGet(6, "latest", out string kept));
        Assert.Equal("sha256:b", kept);
    }

    [Fact]
    public void Keep_PastTheCapacity_DropsTheVersionsValuesAndKeepsGoing()
    {
        VersionedMemo<string, byte[]> memo = new(100, value => value.Length);
        memo.Keep(1, "a", new byte[60]);
        Assert.True(memo.TryGet(1, "a", out _));

        memo.Keep(1, "b", new byte[60]);

        Assert.False(memo.TryGet(1, "a", out _));
        Assert.False(memo.TryGet(1, "b", out _));
        memo.Keep(1, "c", new byte[60]);
        Assert.True(memo.TryGet(1, "c", out _));
    }

    [Fact]
    public void Keep_SameKeyTwice_TheFirstValueStaysAndIsWeighedOnce()
    {
        VersionedMemo<string, byte[]> memo = new(100, value => value.Length);
        byte[] first = new byte[60];

        memo.Keep(1, "a", first);
        memo.Keep(1, "a", new byte[60]);
        memo.Keep(1, "b", new byte[30]);

        Assert.True(memo.TryGet(1, "a", out byte[] kept));
        Assert.Same(first, kept);
        Assert.True(memo.TryGet(1, "b", out _));
    }
}
