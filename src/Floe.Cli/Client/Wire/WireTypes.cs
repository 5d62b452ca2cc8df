using System.Text.Json;
using System.Text.Json.Serialization;

namespace Floe.Cli.Client.Wire;

/// <summary>The JSON of <c>POST /oauth/token</c>.</summary>
internal sealed record TokenResponse
{
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("expires_in")]
    public long? ExpiresIn { get; init; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }
}

/// <summary>The body of <c>POST /api/v2/statements</c>; null members are left out.</summary>
internal sealed record StatementRequest(string Statement, string? Role = null, string? Database = null, string? Schema = null);

/// <summary>
/// The answer of <c>POST /api/v2/statements</c>: one statement's fields at the top level, or one entry
/// per statement in <see cref="Results"/>. A <c>422</c> carries only <c>code</c>, <c>sqlState</c>,
/// <c>message</c> and <c>statementHandle</c>.
/// </summary>
internal sealed record StatementResponse
{
    public string? Code { get; init; }

    public string? SqlState { get; init; }

    public string? Message { get; init; }

    public string? StatementHandle { get; init; }

    public ResultSetMetaData? ResultSetMetaData { get; init; }

    /// <summary>Rows of cells; the contract sends strings or null, anything else is shown as its JSON text.</summary>
    public List<List<JsonElement>>? Data { get; init; }

    public List<StatementResponse>? Results { get; init; }
}

internal sealed record ResultSetMetaData
{
    public long? NumRows { get; init; }

    public string? Format { get; init; }

    public List<RowTypeEntry>? RowType { get; init; }
}

internal sealed record RowTypeEntry
{
    public string? Name { get; init; }

    public string? Type { get; init; }

    public bool? Nullable { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(StatementRequest))]
[JsonSerializable(typeof(StatementResponse))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
