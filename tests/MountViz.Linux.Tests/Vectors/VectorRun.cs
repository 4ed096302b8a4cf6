using MountViz.Core.Labs;

namespace MountViz.Linux.Tests.Vectors;

/// <summary>What running one vector in a lab gave.</summary>
/// <param name="Vector">The translated vector that ran.</param>
/// <param name="Result">The engine's result for the op.</param>
/// <param name="Observation">The result in the vectors' terms.</param>
/// <param name="Problems">Where the reported changes do not account for the tables read before and after the op.</param>
/// <param name="Log">Each step with its outcome, for the test output.</param>
public sealed record VectorRun(
    TranslatedVector Vector,
    OperationResult Result,
    VectorObservation Observation,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Log);
