namespace Floe.Server.Endpoints;

/// <summary>The registry endpoints of the OCI distribution spec (its <c>end-N</c> table) that Floe serves.</summary>
internal enum RegistryEndpoint
{
    /// <summary><c>/v2/</c> (end-1).</summary>
    Base,

    /// <summary><c>/v2/_catalog</c>.</summary>
    Catalog,

    /// <summary><c>/v2/&lt;name&gt;/manifests/&lt;reference&gt;</c> (end-3, end-7, end-9).</summary>
    Manifest,

    /// <summary><c>/v2/&lt;name&gt;/blobs/&lt;digest&gt;</c> (end-2, end-10).</summary>
    Blob,

    /// <summary><c>/v2/&lt;name&gt;/blobs/uploads/</c> (end-4a, end-4b, end-11).</summary>
    UploadStart,

    /// <summary><c>/v2/&lt;name&gt;/blobs/uploads/&lt;id&gt;</c> (end-5, end-6, end-13, and cancel).</summary>
    Upload,

    /// <summary><c>/v2/&lt;name&gt;/tags/list</c> (end-8a, end-8b).</summary>
    TagList,

    /// <summary><c>/v2/&lt;name&gt;/referrers/&lt;digest&gt;</c> (end-12a, end-12b).</summary>
    Referrers,
}

/// <summary>
/// A parsed <c>/v2/</c> path. The repository name may hold any number of slashes, so the path is
/// read from its end, where each endpoint has a fixed suffix; what is left is the name.
/// </summary>
internal readonly record struct RegistryRoute(RegistryEndpoint Endpoint, string Name, string? Reference)
{
    public const string Prefix = "/v2/";

    /// <summary>Parses the part of the path after <c>/v2/</c>.</summary>
    public static bool TryParse(string path, out RegistryRoute route)
    {
        route = default;
        switch (path)
        {
            case "":
                route = new RegistryRoute(RegistryEndpoint.Base, string.Empty, null);
                return true;
            case "_catalog":
                route = new RegistryRoute(RegistryEndpoint.Catalog, string.Empty, null);
                return true;
        }

        return TryParseSuffix(path, "/blobs/uploads/", RegistryEndpoint.UploadStart, out route)
            || TryParseSuffix(path, "/blobs/uploads", RegistryEndpoint.UploadStart, out route)
            || TryParseSuffix(path, "/tags/list", RegistryEndpoint.TagList, out route)
            || TryParseWithReference(path, out route);
    }

    private static bool TryParseSuffix(string path, string suffix, RegistryEndpoint endpoint, out RegistryRoute route)
    {
        route = default;
        if (!path.EndsWith(suffix, StringComparison.Ordinal) || path.Length == suffix.Length)
        {
            return false;
        }

        route = new RegistryRoute(endpoint, path[..^suffix.Length], null);
        return true;
    }

    private static bool TryParseWithReference(string path, out RegistryRoute route)
    {
        route = default;
        int last = path.LastIndexOf('/');
        if (last <= 0 || last == path.Length - 1)
        {
            return false;
        }

        string reference = path[(last + 1)..];
        string head = path[..last];
        if (head.EndsWith("/blobs/uploads", StringComparison.Ordinal))
        {
            return Make(RegistryEndpoint.Upload, head, "/blobs/uploads", reference, out route);
        }

        int kindStart = head.LastIndexOf('/');
        if (kindStart <= 0)
        {
            return false;
        }

        RegistryEndpoint? endpoint = head[(kindStart + 1)..] switch
        {
            "manifests" => RegistryEndpoint.Manifest,
            "blobs" => RegistryEndpoint.Blob,
            "referrers" => RegistryEndpoint.Referrers,
            _ => null,
        };
        if (endpoint is null)
        {
            return false;
        }

        route = new RegistryRoute(endpoint.Value, head[..kindStart], reference);
        return true;
    }

    private static bool Make(RegistryEndpoint endpoint, string head, string suffix, string reference, out RegistryRoute route)
    {
        route = default;
        if (head.Length == suffix.Length)
        {
            return false;
        }

        route = new RegistryRoute(endpoint, head[..^suffix.Length], reference);
        return true;
    }
}
