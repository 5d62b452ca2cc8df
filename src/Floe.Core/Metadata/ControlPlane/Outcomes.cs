namespace Floe.Core.Metadata.ControlPlane;

/// <summary>What a CREATE does when the name is taken.</summary>
public enum CreateMode
{
    /// <summary>Plain CREATE (and CREATE ... IF NOT EXISTS): nothing changes, <see cref="CreateStatus.AlreadyExists"/>.</summary>
    FailIfExists,

    /// <summary>CREATE OR REPLACE: the old object and everything in it go, in the same transaction.</summary>
    OrReplace,
}

/// <summary>The outcome of a create: expected failures are values, not exceptions.</summary>
public enum CreateStatus
{
    Created,

    /// <summary>An object of that name existed and was dropped and recreated (<see cref="CreateMode.OrReplace"/>).</summary>
    Replaced,

    /// <summary>The name is taken and the mode is <see cref="CreateMode.FailIfExists"/>; the result carries the existing object.</summary>
    AlreadyExists,

    /// <summary>An object the new one refers to (its database, schema, owner role, user, restricted role) is not in the account.</summary>
    NotFound,

    /// <summary>Another unique property is taken (a user's login name).</summary>
    Conflict,

    /// <summary>The existing object cannot be replaced: a system role, or a policy still in use.</summary>
    Protected,
}

/// <summary>
/// A create's outcome with the object: the new one for <see cref="CreateStatus.Created"/> and
/// <see cref="CreateStatus.Replaced"/>, the existing one for <see cref="CreateStatus.AlreadyExists"/>,
/// otherwise <c>null</c>.
/// </summary>
public sealed record CreateResult<T>(CreateStatus Status, T? Value)
    where T : class
{
    public bool Succeeded => Status is CreateStatus.Created or CreateStatus.Replaced;

    public static CreateResult<T> Failed(CreateStatus status) => new(status, null);
}

/// <summary>The outcome of a drop.</summary>
public enum DropStatus
{
    Dropped,
    NotFound,

    /// <summary>A system role, or the organization's account: never dropped.</summary>
    Protected,

    /// <summary>An authentication policy (or a database or schema holding one) is still set on the account or a user.</summary>
    InUse,
}

/// <summary>The outcome of an ALTER (set/unset of properties).</summary>
public enum AlterStatus
{
    Altered,
    NotFound,

    /// <summary>The new value is taken (a user's login name).</summary>
    Conflict,
}

/// <summary>
/// One property of an ALTER ... SET/UNSET: a <c>null</c> <see cref="Change{T}"/>? leaves the property
/// alone; a change carries the new value (for UNSET: the property's default, often <c>null</c>).
/// </summary>
public readonly record struct Change<T>(T Value);

/// <summary>Shorthands for <see cref="Change{T}"/>.</summary>
public static class Change
{
    public static Change<T> To<T>(T value) => new(value);
}
