using System.Diagnostics.CodeAnalysis;

namespace Floe.Core.Errors;

/// <summary>The value of an operation, or the registry error that stopped it.</summary>
public readonly struct Result<T>
{
    private Result(T? value, RegistryError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public RegistryError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess => Error is null;

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(RegistryError error) => new(default, error);

    public static implicit operator Result<T>(T value) => Ok(value);

    public static implicit operator Result<T>(RegistryError error) => Fail(error);

    public static implicit operator Result<T>(RegistryErrorCode code) => Fail(new RegistryError(code));
}
