namespace MountViz.Linux.Tests.Vectors;

/// <summary>A vector's <c>expect</c> object.</summary>
/// <param name="Succeeds">True for <c>"rc": 0</c>, false for <c>"rc": "nonzero"</c>.</param>
/// <param name="Errno">The errno the failing call must report (<c>EINVAL</c>), or null.</param>
/// <param name="OutputContains">Strings the op's output must contain (the reference prints <c>errno=X</c>).</param>
/// <param name="Namespaces">Per namespace (<c>ns0</c>, <c>c1</c>...), its changes; unlisted namespaces must have none.</param>
public sealed record VectorExpectation(
    bool Succeeds,
    string? Errno,
    IReadOnlyList<string> OutputContains,
    IReadOnlyDictionary<string, NamespaceExpectation> Namespaces);
