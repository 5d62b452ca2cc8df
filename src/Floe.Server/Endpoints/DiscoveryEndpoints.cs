using System.Text.Json;
using Floe.Core.Content;
using Floe.Core.Errors;
using Floe.Core.Metadata;
using Floe.Core.Security;
using Floe.Server.Errors;
using Floe.Server.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Floe.Server.Endpoints;

/// <summary>Content discovery: <c>tags/list</c>, <c>_catalog</c> and <c>referrers</c>.</summary>
internal static class DiscoveryEndpoints
{
    public static async Task<IResult> ListTagsAsync(HttpContext context, RepositoryTarget target)
    {
        Result<PageRequest> page = ReadPage(context);
        if (!page.IsSuccess)
        {
            return page.Error.ToResult();
        }

        DiscoveryService discovery = context.RequestServices.GetRequiredService<DiscoveryService>();
        Result<NamePage> tags = await discovery.ListTagsAsync(target, page.Value, context.RequestAborted);
        if (!tags.IsSuccess)
        {
            return tags.Error.ToResult();
        }

        SetNextLink(context, $"/v2/{target.PathName}/tags/list", tags.Value);
        return Results.Json(new TagList(target.PathName, tags.Value.Names), RegistryJson.Default.TagList);
    }

    /// <summary>The catalog: every image name of the account, or with a principal (authentication on) only the pullable ones.</summary>
    internal static async Task<IResult> ListCatalogAsync(HttpContext context, AccountRecord account, RegistryPrincipal? principal)
    {
        Result<PageRequest> page = ReadPage(context);
        if (!page.IsSuccess)
        {
            return page.Error.ToResult();
        }

        NamePage names = principal is null
            ? await context.RequestServices.GetRequiredService<DiscoveryService>().ListCatalogAsync(account.Id, page.Value, context.RequestAborted)
            : await context.RequestServices.GetRequiredService<PullableCatalog>().ListAsync(principal, page.Value, context.RequestAborted);
        SetNextLink(context, "/v2/_catalog", names);
        return Results.Json(new Catalog(names.Names), RegistryJson.Default.Catalog);
    }

    public static async Task<IResult> ListReferrersAsync(HttpContext context, RepositoryTarget target, string reference)
    {
        string? artifactType = context.Request.Query["artifactType"];
        artifactType = string.IsNullOrEmpty(artifactType) ? null : artifactType;
        DiscoveryService discovery = context.RequestServices.GetRequiredService<DiscoveryService>();
        Result<byte[]> index = await discovery.ListReferrersAsync(target, reference, artifactType, context.RequestAborted);
        if (!index.IsSuccess)
        {
            return index.Error.ToResult();
        }

        if (artifactType is not null)
        {
            context.Response.Headers[RegistryHeaders.OciFiltersApplied] = "artifactType";
        }

        return Results.Bytes(index.Value, MediaTypes.OciIndex);
    }

    private static Result<PageRequest> ReadPage(HttpContext context)
    {
        RegistryOptions options = context.RequestServices.GetRequiredService<RegistryOptions>();
        return PageRequest.FromQuery(context.Request.Query, options.MaxPageSize);
    }

    private static void SetNextLink(HttpContext context, string path, NamePage page)
    {
        if (page.NextLast is not null)
        {
            context.Response.Headers.Link = $"<{path}?n={page.PageSize}&last={Uri.EscapeDataString(page.NextLast)}>; rel=\"next\"";
        }
    }
}

internal sealed record TagList(string Name, IReadOnlyList<string> Tags);

internal sealed record Catalog(IReadOnlyList<string> Repositories);
