using Floe.Server.Registry;
using Microsoft.Net.Http.Headers;

namespace Floe.Fuzz;

/// <summary>
/// The <c>Content-Range</c> of an upload chunk (Floe's parser) and the <c>Range</c> of a blob download
/// (ASP.NET Core's parser, which Floe's blob responses hand the header to). A chunk range that parses
/// is a non-empty span of byte offsets.
/// </summary>
internal static class RangeTarget
{
    public static void Run(byte[] input)
    {
        string text = FuzzTargets.Text(input);
        if (ContentRange.TryParse(text, out ContentRange range))
        {
            FuzzTargets.Require(range.Start >= 0 && range.End >= range.Start && range.Length > 0, $"'{text}' parsed as {range}, of length {range.Length}");
        }

        if (RangeHeaderValue.TryParse(text, out RangeHeaderValue? ranges))
        {
            foreach (RangeItemHeaderValue item in ranges.Ranges)
            {
                FuzzTargets.Require(item.From is not null || item.To is not null, $"'{text}' parsed to an open range on both ends");
            }
        }
    }
}
