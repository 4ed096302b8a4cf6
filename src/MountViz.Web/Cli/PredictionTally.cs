namespace MountViz.Web.Cli;

/// <summary>Predictions over a scenario run.</summary>
/// <param name="Predicted">Commands with a supported prediction.</param>
/// <param name="Matched">Of those, the ones the kernel did exactly.</param>
/// <param name="Unsupported">Commands the simulator made no prediction for (with a reason).</param>
internal sealed record PredictionTally(int Predicted, int Matched, int Unsupported)
{
    /// <summary>Supported predictions the kernel contradicted.</summary>
    public int Mismatched => Predicted - Matched;
}
