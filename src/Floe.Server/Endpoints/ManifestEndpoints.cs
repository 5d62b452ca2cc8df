using Floe.Core.Errors;
using Floe.Core.Metadata;
using Floe.Server.Errors;
using Floe.Server.Observability.History;
using Floe.Server.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Floe.Server.Endpoints;

/// <summary>
/// <c>/v2/&lt;name&gt;/manifests/&lt;reference&gt;</c>: pull (GET, HEAD) and push (PUT). A GET that answers a
/// manifest and a PUT that stores one are recorded in registry history (a HEAD is not: clients use it
/// to check, and would count every pull twice).
/// </summary>
internal static class ManifestEndpoints
{
    public static async Task<IResult> GetAsync(HttpContext context, RepositoryTarget target, string reference)
    {
        ManifestService manifests = context.RequestServices.GetRequiredService<ManifestService>();
        Result<StoredManifest> found = await manifests.GetAsync(target, reference, context.RequestAborted);
        if (!found.IsSuccess)
        {
            return found.Error.ToResult();
        }

        StoredManifest manifest = found.Value;
        HttpResponse response = context.Response;
        response.Headers[RegistryHeaders.ContentDigest] = manifest.Digest.ToString();
        response.Headers.ETag = "\"" + manifest.Digest + "\"";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            response.ContentType = manifest.MediaType;
            response.ContentLength = manifest.Size;
            return Results.Empty;
        }

        context.RequestServices.GetRequiredService<HistoryRecorder>().RecordRegistry(context, target, "pull", reference, manifest.Digest);
        return Results.Bytes(manifest.Body, manifest.MediaType);
    }

    public static async Task<IResult> PutAsync(HttpContext context, RepositoryTarget target, string reference)
    {
        RegistryOptions options = context.RequestServices.GetRequiredService<RegistryOptions>();
        byte[]? body = await RequestBody.ReadCappedAsync(context.Request, options.MaxManifestBytes, context.RequestAborted);
        if (body is null)
        {
            return RegistryErrors.ManifestTooLarge.ToResult();
        }

        ManifestService manifests = context.RequestServices.GetRequiredService<ManifestService>();
        Result<PutManifestOutcome> stored = await manifests.PutAsync(target, reference, context.Request.ContentType, body, context.RequestAborted);
        if (!stored.IsSuccess)
        {
            return stored.Error.ToResult();
        }

        context.RequestServices.GetRequiredService<HistoryRecorder>().RecordRegistry(context, target, "push", reference, stored.Value.Digest);
        HttpResponse response = context.Response;
        response.Headers[RegistryHeaders.ContentDigest] = stored.Value.Digest.ToString();
        if (stored.Value.Subject is { } subject)
        {
            response.Headers[RegistryHeaders.OciSubject] = subject.ToString();
        }

        return Results.Created($"/v2/{target.PathName}/manifests/{stored.Value.Digest}", null);
    }
}
