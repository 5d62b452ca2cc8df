using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Floe.Server.Endpoints;

/// <summary>Reads small request bodies (manifests, JSON) whole, refusing any over a cap.</summary>
internal static class RequestBody
{
    /// <summary>The body, or <c>null</c> when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadCappedAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using MemoryStream body = new(request.ContentLength is long length ? (int)length : 4096);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (body.Length + read > maxBytes)
                {
                    return null;
                }

                body.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return body.ToArray();
    }
}
