using Floe.Core.Errors;
using Floe.Core.Metadata;
using Floe.Core.Security;
using Floe.Server.Authentication;
using Floe.Server.Errors;
using Floe.Server.Registry;
using Floe.Server.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Floe.Server.Endpoints;

/// <summary>
/// The <c>/v2/</c> API. Repository names hold slashes, which route templates cannot place before a
/// fixed suffix, so one catch-all route hands the path to <see cref="RegistryRoute"/> and this class
/// dispatches on the parsed endpoint and the method.
/// </summary>
public static class RegistryEndpoints
{
    private const string UnsupportedDelete =
        "deleting images is not supported; drop the image repository (DROP IMAGE REPOSITORY) to remove its images";

    public static IEndpointRouteBuilder MapRegistryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/v2", HandleAsync);
        endpoints.Map("/v2/{**path}", HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers[RegistryHeaders.ApiVersion] = RegistryHeaders.ApiVersionValue;
        IResult result = await DispatchAsync(context);
        await result.ExecuteAsync(context);
    }

    private static async Task<IResult> DispatchAsync(HttpContext context)
    {
        AccountResolver accounts = context.RequestServices.GetRequiredService<AccountResolver>();
        AccountRecord? account = await accounts.ResolveAsync(context.Request.Host, context.RequestAborted);
        if (account is null)
        {
            return RegistryErrors.NameUnknown.ToResult($"the registry host '{context.Request.Host.Host}' is unknown");
        }

        string path = context.Request.Path.Value ?? string.Empty;
        string rest = path.Length <= RegistryRoute.Prefix.Length ? string.Empty : path[RegistryRoute.Prefix.Length..];
        if (!RegistryRoute.TryParse(rest, out RegistryRoute route))
        {
            return RegistryErrors.NameInvalid.ToResult($"'{path}' is not a registry endpoint; names have the form {Core.Naming.RegistryName.ExpectedForm}");
        }

        // A malformed name is the client's mistake whoever asks: say so before any authorization.
        Core.Naming.RegistryName? name = null;
        if (route.Endpoint is not (RegistryEndpoint.Base or RegistryEndpoint.Catalog)
            && !Core.Naming.RegistryName.TryParse(route.Name, out name, out string? problem))
        {
            return RegistryErrors.NameInvalid.ToResult(problem);
        }

        if (name is not null)
        {
            Observability.AccessLogEntry.NoteRepository(context, name);
        }

        RegistryAccess access = await context.RequestServices.GetRequiredService<RegistryAccessGate>().CheckAsync(context, account, route, name, context.RequestAborted);
        if (access.Refusal is not null)
        {
            return access.Refusal;
        }

        return route.Endpoint switch
        {
            RegistryEndpoint.Base => IsRead(context) ? Results.Json(new { }) : MethodNotAllowed(context),
            RegistryEndpoint.Catalog => IsRead(context) ? await DiscoveryEndpoints.ListCatalogAsync(context, account, access.Principal) : MethodNotAllowed(context),
            _ => await DispatchRepositoryAsync(context, account, route, name!, access),
        };
    }

    private static async Task<IResult> DispatchRepositoryAsync(
        HttpContext context, AccountRecord account, RegistryRoute route, Core.Naming.RegistryName name, RegistryAccess access)
    {
        RepositoryResolver resolver = context.RequestServices.GetRequiredService<RepositoryResolver>();
        Result<RepositoryTarget> resolved = await resolver.ResolveAsync(account, name, access.Repository, context.RequestAborted);
        if (!resolved.IsSuccess)
        {
            return resolved.Error.ToResult();
        }

        RepositoryTarget target = resolved.Value with { Principal = access.Principal };
        string method = context.Request.Method;
        string reference = route.Reference ?? string.Empty;
        return route.Endpoint switch
        {
            RegistryEndpoint.Manifest when IsRead(context) => await ManifestEndpoints.GetAsync(context, target, reference),
            RegistryEndpoint.Manifest when HttpMethods.IsPut(method) => await ManifestEndpoints.PutAsync(context, target, reference),
            RegistryEndpoint.Blob when IsRead(context) => await BlobEndpoints.GetAsync(context, target, reference),
            RegistryEndpoint.Manifest or RegistryEndpoint.Blob when HttpMethods.IsDelete(method) =>
                RegistryErrors.Unsupported.ToResult(UnsupportedDelete),
            RegistryEndpoint.UploadStart when HttpMethods.IsPost(method) => await UploadEndpoints.StartAsync(context, target),
            RegistryEndpoint.Upload when HttpMethods.IsPatch(method) => await UploadEndpoints.PatchAsync(context, target, reference),
            RegistryEndpoint.Upload when HttpMethods.IsPut(method) => await UploadEndpoints.PutAsync(context, target, reference),
            RegistryEndpoint.Upload when HttpMethods.IsGet(method) => await UploadEndpoints.GetStatusAsync(context, target, reference),
            RegistryEndpoint.Upload when HttpMethods.IsDelete(method) => await UploadEndpoints.CancelAsync(context, target, reference),
            RegistryEndpoint.TagList when IsRead(context) => await DiscoveryEndpoints.ListTagsAsync(context, target),
            RegistryEndpoint.Referrers when IsRead(context) => await DiscoveryEndpoints.ListReferrersAsync(context, target, reference),
            _ => MethodNotAllowed(context),
        };
    }

    private static bool IsRead(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);

    private static IResult MethodNotAllowed(HttpContext context) =>
        RegistryErrors.Unsupported.ToResult($"{context.Request.Method} is not supported on {context.Request.Path}");
}
