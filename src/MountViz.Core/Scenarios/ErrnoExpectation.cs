namespace MountViz.Core.Scenarios;

/// <summary>The step's last command fails with this errno (its earlier commands must succeed).</summary>
/// <param name="Errno">The errno name: EINVAL, EBUSY...</param>
public sealed record ErrnoExpectation(string Errno) : Expectation
{
    /// <inheritdoc/>
    public override string Describe(string stepNamespace) => $"the last command fails with {Errno}";
}
