namespace Floe.Server.Endpoints;

/// <summary>Header names of the registry protocol.</summary>
internal static class RegistryHeaders
{
    public const string ApiVersion = "Docker-Distribution-Api-Version";
    public const string ApiVersionValue = "registry/2.0";
    public const string ContentDigest = "Docker-Content-Digest";
    public const string UploadUuid = "Docker-Upload-UUID";
    public const string OciSubject = "OCI-Subject";
    public const string OciFiltersApplied = "OCI-Filters-Applied";
}
