namespace Floe.Core.Errors;

/// <summary>
/// An expected failure of a registry operation: a row of the error table, with a message that
/// says what was wrong with this request when the table's default is too vague.
/// </summary>
public sealed record RegistryError(RegistryErrorCode Code, string? Detail = null)
{
    public string Message => Detail ?? Code.Message;

    public static implicit operator RegistryError(RegistryErrorCode code) => new(code);
}
