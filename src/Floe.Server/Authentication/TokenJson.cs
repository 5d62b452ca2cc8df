using System.Text.Json.Serialization;

namespace Floe.Server.Authentication;

internal sealed record SessionTokenResponse(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("token_type")] string TokenType);

/// <summary>
/// An OAuth error. <c>details</c> repeats the description because docker, podman and skopeo print a
/// token endpoint's <c>details</c> (Docker Hub's field) and drop every other field: without it a refused
/// <c>docker login</c> says only "unauthorized: authentication required".
/// </summary>
internal sealed record OAuthErrorResponse(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription)
{
    [JsonPropertyName("details")]
    public string Details => ErrorDescription;
}

/// <summary>The answer of the registry-token flow (the Docker token spec's fields).</summary>
internal sealed record RegistryTokenResponse(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("issued_at")] string IssuedAt,
    [property: JsonPropertyName("refresh_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken);

/// <summary>One entry of a registry token's <c>access</c> claim.</summary>
internal sealed record AccessEntry(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("actions")] IReadOnlyList<string> Actions);

[JsonSerializable(typeof(SessionTokenResponse))]
[JsonSerializable(typeof(OAuthErrorResponse))]
[JsonSerializable(typeof(RegistryTokenResponse))]
[JsonSerializable(typeof(List<AccessEntry>))]
internal sealed partial class TokenJson : JsonSerializerContext;
