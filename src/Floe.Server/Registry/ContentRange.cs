using System.Globalization;

namespace Floe.Server.Registry;

/// <summary>
/// The <c>Content-Range</c> of a chunk: <c>&lt;start&gt;-&lt;end&gt;</c>, both inclusive, as the
/// distribution spec writes it (a leading <c>bytes </c> or <c>bytes=</c> is tolerated).
/// </summary>
internal readonly record struct ContentRange(long Start, long End)
{
    public long Length => End - Start + 1;

    public static bool TryParse(string? text, out ContentRange range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        ReadOnlySpan<char> span = text.AsSpan().Trim();
        if (span.StartsWith("bytes", StringComparison.OrdinalIgnoreCase))
        {
            span = span[5..].TrimStart(" =");
        }

        int slash = span.IndexOf('/');
        if (slash >= 0)
        {
            span = span[..slash];
        }

        int dash = span.IndexOf('-');
        if (dash <= 0
            || !long.TryParse(span[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out long start)
            || !long.TryParse(span[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out long end)
            || end < start
            || end == long.MaxValue)
        {
            // A chunk ending at long.MaxValue has a length (and leaves an upload size) that a long cannot hold.
            return false;
        }

        range = new ContentRange(start, end);
        return true;
    }
}
