namespace Floe.Metadata.Tests.ControlPlane;

/// <summary>
/// What every control-plane backend must do. A backend's test
/// class derives from this and supplies the store; each partial file covers one role of the contract.
/// </summary>
public abstract partial class ControlPlaneStoreContract : ControlPlaneTestBase;
