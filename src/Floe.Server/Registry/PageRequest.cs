using System.Globalization;
using Floe.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace Floe.Server.Registry;

/// <summary>The <c>n</c> and <c>last</c> query parameters of a paginated list, with <c>n</c> capped.</summary>
internal readonly record struct PageRequest(int Size, string? Last)
{
    public static Result<PageRequest> FromQuery(IQueryCollection query, int cap)
    {
        string? last = query["last"];
        string? n = query["n"];
        if (string.IsNullOrEmpty(n))
        {
            return new PageRequest(cap, NullIfEmpty(last));
        }

        if (n.Length == 0 || !n.All(char.IsAsciiDigit))
        {
            return new RegistryError(RegistryErrors.PaginationNumberInvalid, $"n='{n}' is not a non-negative whole number");
        }

        // Any whole number, however many digits, is a valid request: above the cap it gets the cap.
        int size = int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) ? Math.Min(parsed, cap) : cap;
        return new PageRequest(size, NullIfEmpty(last));
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
