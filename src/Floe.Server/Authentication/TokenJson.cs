using System.Text.Json.Serialization;

namespace Floe.Server.Authentication;

internal sealed record SessionTokenResponse(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("token_type")] string TokenType);

internal sealed record OAuthErrorResponse(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);

[JsonSerializable(typeof(SessionTokenResponse))]
[JsonSerializable(typeof(OAuthErrorResponse))]
internal sealed partial class TokenJson : JsonSerializerContext;
