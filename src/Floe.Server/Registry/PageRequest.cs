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

        if (!int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int size))
        {
            return new RegistryError(RegistryErrors.PaginationNumberInvalid, $"n='{n}' is not a non-negative whole number");
        }

        return new PageRequest(Math.Min(size, cap), NullIfEmpty(last));
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
