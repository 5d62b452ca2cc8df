using Floe.Core.Metadata.ControlPlane;

namespace Floe.Core.Security;

/// <summary>
/// The privileges a role set holds on some objects, answering with the implication rules of
/// <see cref="Privileges.Implies"/> (OWNERSHIP gives everything on its object).
/// </summary>
public sealed class PrivilegeMap
{
    private readonly ILookup<SecurableObject, HeldPrivilege> _held;

    public PrivilegeMap(IEnumerable<HeldPrivilege> held)
    {
        _held = held.ToLookup(privilege => privilege.Object);
    }

    public IEnumerable<HeldPrivilege> On(SecurableObject target) => _held[target];

    /// <summary>Whether some held privilege on <paramref name="target"/> gives <paramref name="wanted"/>.</summary>
    public bool Has(SecurableObject target, Privilege wanted) => _held[target].Any(held => held.Privilege.Implies(wanted));

    public bool HasAny(SecurableObject target, IEnumerable<Privilege> anyOf) => anyOf.Any(wanted => Has(target, wanted));

    /// <summary>OWNERSHIP itself (not implied by anything else).</summary>
    public bool Owns(SecurableObject target) => _held[target].Any(held => held.Privilege == Privilege.Ownership);

    /// <summary>Whether the role set may pass <paramref name="privilege"/> on: it owns the object or holds the privilege WITH GRANT OPTION.</summary>
    public bool CanPassOn(SecurableObject target, Privilege privilege) =>
        Owns(target) || _held[target].Any(held => held.GrantOption && held.Privilege == privilege);

    /// <summary>Whether any privilege at all is held on <paramref name="target"/> (the SHOW visibility rule).</summary>
    public bool HoldsAny(SecurableObject target) => _held[target].Any();
}
