using Microsoft.AspNetCore.Mvc;
using MountViz.Core.Commands;
using MountViz.Core.Labs;
using MountViz.Core.Operations;
using MountViz.Core.Simulation;
using MountViz.Core.Sources;

namespace MountViz.Web.Api;

/// <summary><c>/api/labs</c>: labs, their namespaces, commands, files and history.</summary>
internal static partial class LabsEndpoints
{
    /// <summary>The longest command line accepted.</summary>
    public const int MaxCommandLength = 4096;

    /// <summary>The deepest file listing allowed.</summary>
    public const int MaxFileDepth = 16;

    /// <summary>The most entries a file listing may be asked for.</summary>
    public const int MaxFileEntries = 5000;

    private static readonly TimeSpan RefreshTimeout = TimeSpan.FromSeconds(2);

    private const string NamespaceExample = """{"name": "ns2", "from": "base", "propagation": "unchanged"}""";
    private const string CommandExample = """{"namespace": "base", "command": "mount --bind /a /b"}""";

    /// <summary>Maps the endpoints on the <c>/api</c> group.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        RouteGroupBuilder labs = api.MapGroup("/labs").WithTags("Labs");

        labs.MapGet("/", List)
            .WithName("ListLabs")
            .WithSummary("Lists the labs, oldest first.")
            .Produces<IReadOnlyList<LabDto>>();

        labs.MapPost("/", CreateAsync)
            .WithName("CreateLab")
            .WithSummary("Creates a lab: a clone of the host's mount namespace made rslave, with a fresh shared tmpfs workspace, as namespace 'base'.")
            .Produces<LabDto>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status500InternalServerError);

        labs.MapGet("/{id}", Get)
            .WithName("GetLab")
            .WithSummary("Gets one lab with its namespaces and their holder PIDs.")
            .Produces<LabDto>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        labs.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteLab")
            .WithSummary("Deletes a lab: ends every holder process, so every namespace and mount of the lab is gone.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);

        labs.MapPost("/{id}/namespaces", CreateNamespaceAsync)
            .WithName("CreateNamespace")
            .WithSummary("Clones a lab namespace into a new one, as unshare -m --propagation MODE does.")
            .WithDescription("Body: name (required), from (default base), propagation: unchanged (copies of shared mounts are peers), private (the default), slave or shared, applied to the clone's copy of the workspace.")
            .WithJsonBody<CreateNamespaceRequest>()
            .Produces<LabNamespaceDto>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status410Gone, StatusCodes.Status415UnsupportedMediaType);

        labs.MapDelete("/{id}/namespaces/{name}", DeleteNamespaceAsync)
            .WithName("DeleteNamespace")
            .WithSummary("Deletes a namespace of a lab (not base): ends its holder process.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        labs.MapPost("/{id}/commands", RunCommandAsync)
            .WithName("RunCommand")
            .WithSummary("Runs one line of the command language in a lab namespace on the real kernel.")
            .WithDescription("A kernel refusal is a 200 with ok: false, the errno, what it means and which precondition failed. changes lists what changed in every namespace of the lab, propagated mounts included. predicted is what the simulator predicted before it ran (as POST /predict answers); matches says whether the kernel did exactly that (null without a prediction) and findings names every difference. A line that is not understood is a 400 whose detail points at the token with carets.")
            .WithJsonBody<CommandRequest>()
            .Produces<CommandResultDto>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status410Gone, StatusCodes.Status415UnsupportedMediaType);

        labs.MapPost("/{id}/predict", PredictAsync)
            .WithName("PredictCommand")
            .WithSummary("Predicts what one line of the command language would do in a lab namespace, without running it.")
            .WithDescription("Same body as /commands. The simulator works from every namespace's mount table now: supported (false, with the reason, for what it does not model: nothing is guessed), the errno the kernel would refuse with, the changes in every namespace (new mounts with provisional IDs, new peer groups as newIndex 1, 2...) and explanations: for each namespace and mount, the chain of peer groups and master links that carries the event, or the first rule that stops it. A line that is not understood is a 400, as for /commands.")
            .WithJsonBody<CommandRequest>()
            .Produces<PredictionDto>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status410Gone, StatusCodes.Status415UnsupportedMediaType);

        labs.MapGet("/{id}/namespaces/{name}/files", ListFilesAsync)
            .WithName("ListFiles")
            .WithSummary("The directory tree a lab namespace sees under a lab path, with the entries that are mount points, bounded in depth and entries.")
            .Produces<FileTree>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        labs.MapGet("/{id}/history", History)
            .WithName("GetLabHistory")
            .WithSummary("The operations run in a lab so far, oldest first, each with its result.")
            .Produces<IReadOnlyList<HistoryEntryDto>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IReadOnlyList<LabDto> List([FromServices] ILabEngine engine) =>
        [.. engine.ListLabs().Select(LabDto.From)];

    private static async Task<IResult> CreateAsync([FromServices] ILabEngine engine, CancellationToken cancellationToken)
    {
        LabInfo lab = await engine.CreateLabAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/labs/{lab.Id}", LabDto.From(lab));
    }

    private static IResult Get(string id, [FromServices] ILabEngine engine) =>
        engine.FindLab(id) is LabInfo lab ? TypedResults.Ok(LabDto.From(lab)) : NoSuchLab(id);

    private static async Task<IResult> DeleteAsync(string id, [FromServices] ILabEngine engine, CancellationToken cancellationToken)
    {
        await engine.DeleteLabAsync(id, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> CreateNamespaceAsync(string id, HttpContext context, [FromServices] ILabEngine engine, [FromServices] ILabOperations operations, CancellationToken cancellationToken)
    {
        (CreateNamespaceRequest? request, IResult? problem) = await JsonBody.ReadAsync<CreateNamespaceRequest>(context, NamespaceExample).ConfigureAwait(false);
        if (request is null)
        {
            return problem!;
        }

        if (string.IsNullOrEmpty(request.Name))
        {
            return ApiProblems.BadRequest($"name is required: the new namespace's name ({NamespaceName.Rule}). Send {NamespaceExample}.");
        }

        if (!NamespaceName.IsValid(request.Name))
        {
            return ApiProblems.BadRequest($"'{request.Name}' is not a namespace name: use {NamespaceName.Rule}.");
        }

        string from = string.IsNullOrEmpty(request.From) ? LabInfo.BaseNamespace : request.From;
        NamespacePropagation propagation = NamespacePropagation.Private;
        if (request.Propagation is not null && !NamespacePropagationNames.TryParse(request.Propagation, out propagation))
        {
            return ApiProblems.BadRequest(
                $"'{request.Propagation}' is not a propagation option: use unchanged (copies of shared mounts stay peers), private (the default), slave or shared, as unshare --propagation takes them.");
        }

        if (engine.FindLab(id) is null)
        {
            return NoSuchLab(id);
        }

        // As an operation (unshare run in `from`), so the lab's history, timeline and recordings hold it in its place.
        OperationResult result = await operations.ExecuteAsync(id, from, new CreateNamespaceOperation(request.Name, propagation, from), cancellationToken).ConfigureAwait(false);
        LabNamespaceInfo? created = engine.FindLab(id)?.Namespaces.FirstOrDefault(n => n.Name == request.Name);
        if (!result.Ok || created is null)
        {
            return ApiProblems.From(new LabException(LabErrorKind.Conflict, result.Message));
        }

        return TypedResults.Created($"/api/sources/{created.SourceId}/mounts", LabNamespaceDto.From(created));
    }

    private static async Task<IResult> DeleteNamespaceAsync(string id, string name, [FromServices] ILabOperations operations, CancellationToken cancellationToken)
    {
        // As an operation (rmns), so the history and its shell script hold it in its place.
        OperationResult result = await operations.ExecuteAsync(id, LabInfo.BaseNamespace, new DeleteNamespaceOperation(name), cancellationToken).ConfigureAwait(false);
        return result.Ok ? TypedResults.NoContent() : ApiProblems.From(new LabException(LabErrorKind.Conflict, result.Message));
    }

    private static async Task<IResult> RunCommandAsync(
        string id,
        HttpContext context,
        [FromServices] ILabEngine engine,
        [FromServices] ILabOperations operations,
        [FromServices] IMountSources sources,
        [FromServices] ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        (CommandRequest? request, IResult? problem) = await ReadCommandAsync(id, context, engine).ConfigureAwait(false);
        if (request is null)
        {
            return problem!;
        }

        OperationResult result = await operations.ExecuteAsync(id, request.Namespace!, request.Command!, cancellationToken).ConfigureAwait(false);
        await RefreshWatchersAsync(id, engine, sources, loggers.CreateLogger(typeof(LabsEndpoints))).ConfigureAwait(false);
        return TypedResults.Ok(CommandResultDto.From(result));
    }

    private static async Task<IResult> PredictAsync(
        string id,
        HttpContext context,
        [FromServices] ILabEngine engine,
        [FromServices] ILabOperations operations,
        CancellationToken cancellationToken)
    {
        (CommandRequest? request, IResult? problem) = await ReadCommandAsync(id, context, engine).ConfigureAwait(false);
        if (request is null)
        {
            return problem!;
        }

        Prediction prediction = await operations.PredictAsync(id, request.Namespace!, request.Command!, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(PredictionDto.From(prediction));
    }

    /// <summary>The body of /commands and /predict, checked: both fields, length, lab, namespace and syntax; else the problem to answer with.</summary>
    private static async Task<(CommandRequest? Request, IResult? Problem)> ReadCommandAsync(string id, HttpContext context, ILabEngine engine)
    {
        (CommandRequest? request, IResult? problem) = await JsonBody.ReadAsync<CommandRequest>(context, CommandExample).ConfigureAwait(false);
        if (request is null)
        {
            return (null, problem);
        }

        var missing = new List<string>();
        if (string.IsNullOrEmpty(request.Namespace))
        {
            missing.Add("namespace (the lab namespace to run it in, e.g. base)");
        }

        if (string.IsNullOrWhiteSpace(request.Command))
        {
            missing.Add("command (one line, e.g. mount --bind /a /b)");
        }

        if (missing.Count > 0)
        {
            return (null, ApiProblems.BadRequest($"Missing {string.Join(" and ", missing)}. Send {CommandExample}."));
        }

        if (request.Command!.Length > MaxCommandLength)
        {
            return (null, ApiProblems.BadRequest($"The command has {request.Command.Length} characters; one line of at most {MaxCommandLength} is accepted."));
        }

        if (engine.FindLab(id) is not LabInfo lab)
        {
            return (null, NoSuchLab(id));
        }

        if (lab.Find(request.Namespace!) is null)
        {
            return (null, ApiProblems.NotFound($"Lab {id} has no namespace named '{request.Namespace}'; it has {string.Join(", ", lab.Namespaces.Select(n => n.Name))}."));
        }

        // Syntax does not depend on the namespace's current directory, so a line that does not
        // parse is answered here, with the caret rendering the parser offers.
        CommandParseResult parsed = CommandParser.Parse(request.Command);
        if (!parsed.Success)
        {
            CommandError error = parsed.Error;
            string rendering = error.Render(request.Command.TrimEnd('\n', '\r'));
            return (null, ApiProblems.BadRequest(
                $"The command was not understood: {error}\n{rendering}",
                new Dictionary<string, object?>
                {
                    ["column"] = error.Column,
                    ["rendering"] = rendering,
                    ["accepted"] = error.Accepted,
                }));
        }

        return (request, null);
    }

    // A propagation change (--make-*) wakes no watcher, so hub subscribers would wait for the
    // periodic re-read; refreshing every namespace of the lab publishes it now, before the
    // caller sees the result. A refresh that fails or lags does not fail the command: the
    // periodic re-read still catches up.
    private static async Task RefreshWatchersAsync(string labId, ILabEngine engine, IMountSources sources, ILogger logger)
    {
        if (engine.FindLab(labId) is not LabInfo lab)
        {
            return;
        }

        try
        {
            await Task.WhenAll(lab.Namespaces.Select(n => sources.RefreshAsync(n.SourceId)))
                .WaitAsync(RefreshTimeout)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or ObjectDisposedException or KeyNotFoundException or LabException or IOException)
        {
            LogRefreshFailed(logger, e, labId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the watchers of lab {LabId} after a command failed; subscribers get the change with the next periodic re-read.")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string labId);

    private static async Task<IResult> ListFilesAsync(
        string id,
        string name,
        [FromQuery] string? path,
        [FromQuery] int? maxDepth,
        [FromQuery] int? maxEntries,
        [FromServices] ILabOperations operations,
        CancellationToken cancellationToken)
    {
        // A relative path is taken against the namespace's current directory (cd), as commands are.
        string labPath = string.IsNullOrEmpty(path) ? LabPath.Root : path;
        int depth = maxDepth ?? 4;
        int entries = maxEntries ?? 500;
        if (depth is < 0 or > MaxFileDepth || entries is < 1 or > MaxFileEntries)
        {
            return ApiProblems.BadRequest($"maxDepth must be 0 to {MaxFileDepth} and maxEntries 1 to {MaxFileEntries} (defaults 4 and 500).");
        }

        FileTree tree = await operations.ListFilesAsync(id, name, labPath, depth, entries, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(tree);
    }

    private static IResult History(string id, [FromServices] ILabEngine engine, [FromServices] ILabOperations operations) =>
        engine.FindLab(id) is null
            ? NoSuchLab(id)
            : TypedResults.Ok<IReadOnlyList<HistoryEntryDto>>([.. operations.History(id).Select(HistoryEntryDto.From)]);

    private static IResult NoSuchLab(string id) =>
        ApiProblems.NotFound($"There is no lab '{id}'. GET /api/labs lists the labs; POST /api/labs creates one.");
}
