namespace Floe.Core.Errors;

/// <summary>
/// One row of the registry's error table: the wire code of the OCI error envelope, the HTTP
/// status that goes with it, and the default message. Every registry error Floe answers is one of
/// the rows in <see cref="RegistryErrors"/>; no endpoint picks a status code by hand.
/// </summary>
public sealed record RegistryErrorCode(string Code, int Status, string Message);
