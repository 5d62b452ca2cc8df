using System.Text.Json.Serialization;

namespace Floe.Server.Endpoints;

/// <summary>Source-generated JSON for the registry's small response bodies (no reflection on the hot path).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TagList))]
[JsonSerializable(typeof(Catalog))]
internal sealed partial class RegistryJson : JsonSerializerContext;
