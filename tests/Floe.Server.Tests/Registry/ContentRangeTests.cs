using Floe.Server.Registry;

namespace Floe.Server.Tests.Registry;

/// <summary>The <c>Content-Range</c> of an upload chunk.</summary>
public class ContentRangeTests
{
    [Theory]
    [InlineData("0-1023", 0, 1023)]
    [InlineData("bytes=1024-2047/4096", 1024, 2047)]
    [InlineData(" bytes 5-5/* ", 5, 5)]
    [InlineData("0-9223372036854775806", 0, 9223372036854775806)]
    public void TryParse_ChunkRange_ReadsInclusiveBounds(string text, long start, long end)
    {
        Assert.True(ContentRange.TryParse(text, out ContentRange range));

        Assert.Equal((start, end, end - start + 1), (range.Start, range.End, range.Length));
    }

    [Theory]
    [InlineData("")]
    [InlineData("5-4")]
    [InlineData("-4")]
    [InlineData("+1-4")]
    [InlineData("0-9223372036854775808")]
    // Found by the range fuzz target's invariant: the length of this range overflowed to a negative number.
    [InlineData("0-9223372036854775807")]
    [InlineData("9223372036854775807-9223372036854775807")]
    public void TryParse_NotARangeWithARepresentableLength_IsRefused(string text)
    {
        Assert.False(ContentRange.TryParse(text, out _));
    }
}
