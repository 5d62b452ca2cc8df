using System.Text.Json.Serialization;

namespace Floe.Server.Sql;

/// <summary>The body of <c>POST /api/v2/statements</c>.</summary>
internal sealed record StatementRequest(string? Statement, string? Role, string? Database, string? Schema);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(StatementRequest))]
internal sealed partial class SqlApiRequestJson : JsonSerializerContext;
