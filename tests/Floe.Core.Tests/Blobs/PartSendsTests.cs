using Floe.Core.Blobs;

namespace Floe.Core.Tests.Blobs;

public sealed class PartSendsTests
{
    [Fact]
    public async Task WaitForRoomAsync_LimitReached_WaitsUntilASendEnds()
    {
        TaskCompletionSource first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource second = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using PartSends sends = new(2, CancellationToken.None);
        sends.Start(_ => first.Task);
        await sends.WaitForRoomAsync();
        sends.Start(_ => second.Task);

        ValueTask room = sends.WaitForRoomAsync();

        Assert.False(room.IsCompleted);
        first.SetResult();
        await room;
        second.SetResult();
        await sends.WhenAllAsync();
    }

    [Fact]
    public async Task WhenAllAsync_OneSendFails_ThrowsItsFailureAndCancelsTheOthers()
    {
        TaskCompletionSource<bool> otherCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using PartSends sends = new(4, CancellationToken.None);
        sends.Start(async token =>
        {
            await using (token.Register(() => otherCancelled.SetResult(true)))
            {
                await Task.Delay(Timeout.Infinite, token);
            }
        });
        sends.Start(_ => Task.FromException(new IOException("the store hung up")));

        IOException error = await Assert.ThrowsAsync<IOException>(async () => await sends.WhenAllAsync());

        Assert.Equal("the store hung up", error.Message);
        Assert.True(await otherCancelled.Task);
    }

    [Fact]
    public async Task DisposeAsync_SendsStillRunning_WaitsForEachToEnd()
    {
        bool ended = false;
        PartSends sends = new(2, CancellationToken.None);
        sends.Start(async token =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            finally
            {
                ended = true;
            }
        });

        await sends.DisposeAsync();

        Assert.True(ended);
    }
}
