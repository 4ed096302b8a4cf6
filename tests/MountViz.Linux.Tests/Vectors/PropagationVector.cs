namespace MountViz.Linux.Tests.Vectors;

/// <summary>
/// One test vector of <c>../shared/docs/mount-propagation.md</c> §6 (schema in §5): bash lines
/// that build a starting state in the sandbox namespace <c>ns0</c>, one operation, and what the
/// kernel does (return code, errno, and the mounts added, removed and changed in each namespace).
/// </summary>
/// <param name="Id">V01...</param>
/// <param name="Title">What the vector shows.</param>
/// <param name="Rules">The rule IDs of the document's §2 it checks.</param>
/// <param name="Setup">Bash lines run in <c>ns0</c>, in order, before the "before" snapshot.</param>
/// <param name="Op">The bash command whose effect is predicted.</param>
/// <param name="Expect">The prediction.</param>
/// <param name="Note">The author's remark, if any.</param>
public sealed record PropagationVector(
    string Id,
    string Title,
    IReadOnlyList<string> Rules,
    IReadOnlyList<string> Setup,
    string Op,
    VectorExpectation Expect,
    string? Note)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Id}: {Title}";
}
