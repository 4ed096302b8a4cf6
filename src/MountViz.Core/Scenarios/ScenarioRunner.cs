using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using MountViz.Core.Labs;
using MountViz.Core.Operations;

namespace MountViz.Core.Scenarios;

/// <summary>
/// Runs a scenario in a fresh lab on the real kernel: creates the lab, runs the setup, then each
/// step's commands, checks its expectations against the real tables, listings and files, and
/// yields each result as soon as it is complete, so a UI or the CLI can show it (or wait for the
/// reader's "next" before the next step runs). The lab is deleted when the enumeration ends:
/// after the last step, on a failure, on cancellation, or when the reader stops early.
/// </summary>
public sealed class ScenarioRunner
{
    private readonly ILabEngine _engine;
    private readonly ILabOperations _operations;
    private readonly IScenarioLabAccess _access;

    /// <summary>Creates a runner over the lab engine, its operations and the /proc and file access.</summary>
    public ScenarioRunner(ILabEngine engine, ILabOperations operations, IScenarioLabAccess access)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(access);
        _engine = engine;
        _operations = operations;
        _access = access;
    }

    /// <summary>
    /// Runs <paramref name="scenario"/>: first the setup's result, then one result per step. A
    /// setup that fails ends the run after its result; a step that fails does not stop the
    /// following ones, unless the lab itself is lost.
    /// </summary>
    /// <exception cref="LabException">The lab cannot be created (not root, too many labs).</exception>
    public async IAsyncEnumerable<StepResult> RunAsync(Scenario scenario, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        LabInfo lab = await _engine.CreateLabAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            StepResult setup = await RunSetupAsync(lab.Id, scenario, cancellationToken).ConfigureAwait(false);
            yield return setup;
            if (!setup.Passed)
            {
                yield break;
            }

            foreach (ScenarioStep step in scenario.Steps)
            {
                (StepResult result, bool labLost) = await RunStepAsync(lab.Id, step, cancellationToken).ConfigureAwait(false);
                yield return result;
                if (labLost)
                {
                    yield break;
                }
            }
        }
        finally
        {
            await DeleteLabAsync(lab.Id).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the whole scenario and collects the results.</summary>
    public async Task<ImmutableArray<StepResult>> RunToEndAsync(Scenario scenario, CancellationToken cancellationToken = default)
    {
        var results = ImmutableArray.CreateBuilder<StepResult>();
        await foreach (StepResult result in RunAsync(scenario, cancellationToken).ConfigureAwait(false))
        {
            results.Add(result);
        }

        return results.ToImmutable();
    }

    private async Task DeleteLabAsync(string labId)
    {
        try
        {
            // Not the run's token: a cancelled run must still release its namespaces.
            await _engine.DeleteLabAsync(labId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (LabException e) when (e.Kind == LabErrorKind.NotFound)
        {
            // Deleted from elsewhere (the dashboard's lab list): nothing left to release.
        }
    }

    private async Task<StepResult> RunSetupAsync(string labId, Scenario scenario, CancellationToken cancellationToken)
    {
        var outcomes = new List<CommandOutcome>();
        string? error = null;
        foreach (SetupAction action in scenario.Setup)
        {
            if (action.Copy is HostFileCopy copy)
            {
                try
                {
                    await _access.CopyHostFileAsync(labId, action.Namespace, copy.From, copy.To, cancellationToken).ConfigureAwait(false);
                    outcomes.Add(new CommandOutcome(action.Namespace, copy.ShellCommand, null, null));
                }
                catch (LabException e)
                {
                    outcomes.Add(new CommandOutcome(action.Namespace, copy.ShellCommand, null, e.Message));
                    error = $"Setup could not copy {copy.From} into the lab: {e.Message}";
                    break;
                }

                continue;
            }

            (CommandOutcome? failed, _) = await RunCommandsAsync(labId, action.Namespace, action.Commands, lastMayFail: false, outcomes, cancellationToken).ConfigureAwait(false);
            if (failed is not null)
            {
                error = $"Setup failed at `{failed.Command}` in namespace {failed.Namespace}: {failed.Error ?? failed.Result?.Message}";
                break;
            }
        }

        ImmutableArray<NamespaceTable> tables = ReadTables(labId);
        return new StepResult(labId, ScenarioPhase.Setup, null, [.. outcomes], [], [], tables, error);
    }

    private async Task<(StepResult Result, bool LabLost)> RunStepAsync(string labId, ScenarioStep step, CancellationToken cancellationToken)
    {
        var outcomes = new List<CommandOutcome>();
        bool errnoExpected = step.Expectations.Any(e => e is ErrnoExpectation);
        (CommandOutcome? failed, bool labLost) = await RunCommandsAsync(labId, step.Namespace, step.Commands, errnoExpected, outcomes, cancellationToken).ConfigureAwait(false);
        string? error = failed is null ? null : $"`{failed.Command}` failed in namespace {failed.Namespace}: {failed.Error ?? failed.Result?.Message}";

        ImmutableArray<NamespaceTable> tables = ReadTables(labId);
        var evaluator = new ExpectationEvaluator(labId, _operations, _access, tables, outcomes, step.Commands.Length);
        var expectations = ImmutableArray.CreateBuilder<ExpectationResult>();
        foreach (Expectation expectation in step.Expectations)
        {
            expectations.Add(await evaluator.EvaluateAsync(expectation, step.Namespace, cancellationToken).ConfigureAwait(false));
        }

        ImmutableArray<NamespaceShow> shows = [];
        if (step.Show is ShowRequest show)
        {
            try
            {
                shows = await ShowAsync(labId, show, cancellationToken).ConfigureAwait(false);
            }
            catch (LabException e)
            {
                error ??= $"The /proc lines could not be read: {e.Message}";
            }
        }

        return (new StepResult(labId, ScenarioPhase.Step, step, [.. outcomes], expectations.ToImmutable(), shows, tables, error), labLost);
    }

    // Runs commands in order and stops at the first failure, as `set -e` would; only the last
    // command may fail when the step expects an errno. Returns the failure, if any.
    private async Task<(CommandOutcome? Failed, bool LabLost)> RunCommandsAsync(
        string labId, string ns, ImmutableArray<string> commands, bool lastMayFail, List<CommandOutcome> outcomes, CancellationToken cancellationToken)
    {
        for (int i = 0; i < commands.Length; i++)
        {
            string command = commands[i];
            OperationResult result;
            try
            {
                result = await _operations.ExecuteAsync(labId, ns, command, cancellationToken).ConfigureAwait(false);
            }
            catch (LabException e)
            {
                var outcome = new CommandOutcome(ns, command, null, e.Message);
                outcomes.Add(outcome);
                return (outcome, e.Kind is LabErrorKind.HolderLost or LabErrorKind.NotFound);
            }

            var done = new CommandOutcome(ns, command, result, null);
            outcomes.Add(done);
            if (!result.Ok && !(lastMayFail && i == commands.Length - 1))
            {
                return (done, false);
            }
        }

        return (null, false);
    }

    private ImmutableArray<NamespaceTable> ReadTables(string labId)
    {
        if (_engine.FindLab(labId) is not LabInfo lab)
        {
            return [];
        }

        var tables = ImmutableArray.CreateBuilder<NamespaceTable>();
        foreach (LabNamespaceInfo ns in lab.Namespaces.Where(n => n.HolderAlive))
        {
            try
            {
                tables.Add(new NamespaceTable(ns.Name, _engine.ReadMounts(labId, ns.Name).Workspace));
            }
            catch (LabException)
            {
                // A namespace lost meanwhile has no table; expectations about it say so.
            }
        }

        return tables.ToImmutable();
    }

    private async Task<ImmutableArray<NamespaceShow>> ShowAsync(string labId, ShowRequest show, CancellationToken cancellationToken)
    {
        LabInfo lab = _engine.FindLab(labId) ?? throw new LabException(LabErrorKind.NotFound, $"Lab {labId} no longer exists.");
        var shows = ImmutableArray.CreateBuilder<NamespaceShow>();
        foreach (string name in show.Namespaces)
        {
            LabNamespaceInfo ns = lab.Find(name) ?? throw new LabException(LabErrorKind.NotFound, $"Lab {labId} has no namespace {name}.");
            string path = ProcLineFilter.Escape(WorkspaceView.ToNamespacePath(show.Path, ns.WorkspacePath));
            var files = ImmutableArray.CreateBuilder<ProcLines>();
            foreach (ProcMountFile file in show.Files)
            {
                string text = await _access.ReadProcFileAsync(labId, name, file, cancellationToken).ConfigureAwait(false);
                files.Add(new ProcLines(file, string.Create(CultureInfo.InvariantCulture, $"/proc/{ns.Pid}/{file.FileName()}"), ProcLineFilter.LinesAbout(text, file, path)));
            }

            shows.Add(new NamespaceShow(name, ns.Pid, string.Create(CultureInfo.InvariantCulture, $"mnt:[{ns.Inode}]"), files.ToImmutable()));
        }

        return shows.ToImmutable();
    }
}
