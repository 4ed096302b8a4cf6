using System.Reflection;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MountViz.Web.Components.Graph;
using MountViz.Web.Graph;

namespace MountViz.Web.Tests.Graph;

public sealed class MountGraphTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();
    private readonly BunitJSModuleInterop _module;
    private readonly BunitJSInterop _graph;

    public MountGraphTests()
    {
        // Strict: any module call not set up here fails the test.
        _context.JSInterop.Mode = JSRuntimeMode.Strict;
        _module = _context.JSInterop.SetupModule("./js/graph.js");
        _graph = _module.SetupModule(invocation => invocation.Identifier == "create");
        _graph.SetupVoid("update", _ => true).SetVoidResult();
        _graph.SetupVoid("dispose").SetVoidResult();
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();

    [Fact]
    public void Creates_one_graph_in_its_element_on_first_render_and_applies_the_first_batch()
    {
        GraphBatchDto batch = new GraphMapper().Load("lab.1a2b3c4d.a", "a", Tables.Parse(Tables.Bound));

        IRenderedComponent<MountGraph> cut = _context.Render<MountGraph>(p => p
            .Add(c => c.Batch, batch)
            .Add(c => c.Options, new MountGraphOptions(Theme: "dark", Animate: false)));

        JSRuntimeInvocation create = _module.VerifyInvoke("create");
        create.Arguments[0].ShouldBeElementReferenceTo(cut.Find("div.mount-graph"));
        Assert.Equal(typeof(DotNetObjectReference<>), create.Arguments[1]!.GetType().GetGenericTypeDefinition());
        Assert.Equal(new MountGraphOptions("dark", 10_000, false), create.Arguments[2]);
        JSRuntimeInvocation update = _graph.VerifyInvoke("update");
        Assert.Same(batch, Assert.Single(update.Arguments));
        Assert.Equal("Mount graph", cut.Find("div.mount-graph").GetAttribute("aria-label"));
    }

    [Fact]
    public void Applies_each_new_batch_once_and_in_order()
    {
        var mapper = new GraphMapper();
        GraphBatchDto first = mapper.Load("lab.1a2b3c4d.a", "a", Tables.Parse(Tables.Bound));
        IRenderedComponent<MountGraph> cut = _context.Render<MountGraph>(p => p.Add(c => c.Batch, first));

        GraphBatchDto second = mapper.Load("lab.1a2b3c4d.b", "b", Tables.Parse(Tables.Bound));
        cut.Render(p => p.Add(c => c.Batch, second));
        cut.Render(p => p.Add(c => c.Batch, second));

        Assert.Equal([first, second], _graph.Invocations["update"].Select(i => i.Arguments.Single()));
        _module.VerifyInvoke("create", calledTimes: 1);
    }

    [Fact]
    public async Task UpdateAsync_forwards_a_batch_and_skips_an_empty_one()
    {
        IRenderedComponent<MountGraph> cut = _context.Render<MountGraph>();
        GraphBatchDto batch = new GraphMapper().Load("lab.1a2b3c4d.a", "a", Tables.Parse(Tables.Bound));

        await cut.InvokeAsync(() => cut.Instance.UpdateAsync(new GraphBatchDto([], [], [], [])));
        await cut.InvokeAsync(() => cut.Instance.UpdateAsync(batch));

        Assert.Same(batch, _graph.VerifyInvoke("update").Arguments.Single());
    }

    [Fact]
    public async Task A_click_in_the_graph_raises_OnNodeSelected_through_the_JSInvokable_callback()
    {
        var selected = new List<string?>();
        IRenderedComponent<MountGraph> cut = _context.Render<MountGraph>(p => p
            .Add(c => c.OnNodeSelected, (string? id) => selected.Add(id)));

        // What the module does on a tap: dotnetRef.invokeMethodAsync("OnNodeSelected", id).
        object callbacks = _module.VerifyInvoke("create").Arguments[1]!;
        object target = callbacks.GetType().GetProperty("Value")!.GetValue(callbacks)!;
        MethodInfo method = target.GetType().GetMethods()
            .Single(m => m.GetCustomAttribute<JSInvokableAttribute>() is { } a && (a.Identifier ?? m.Name) == "OnNodeSelected");
        Assert.False(target.GetType().IsPublic, "JS must reach only the small callbacks class, not the component.");

        await cut.InvokeAsync(() => (Task)method.Invoke(target, ["ns:lab.1a2b3c4d.a:103"])!);
        await cut.InvokeAsync(() => (Task)method.Invoke(target, [null])!);

        Assert.Equal(["ns:lab.1a2b3c4d.a:103", null], selected);
    }

    [Fact]
    public async Task Select_search_fit_and_export_call_the_graph_instance()
    {
        _graph.Setup<bool>("select", "ns:lab.1a2b3c4d.a:103").SetResult(true);
        _graph.Setup<int>("search", "target").SetResult(2);
        _graph.SetupVoid("fit").SetVoidResult();
        _graph.SetupVoid("layout").SetVoidResult();
        _graph.Setup<string>("exportPng", 3.0).SetResult("data:image/png;base64,AAAA");
        _graph.Setup<string>("exportSvg").SetResult("<svg/>");
        IRenderedComponent<MountGraph> cut = _context.Render<MountGraph>();
        MountGraph graph = cut.Instance;

        Assert.True(await cut.InvokeAsync(() => graph.SelectAsync("ns:lab.1a2b3c4d.a:103")));
        Assert.Equal(2, await cut.InvokeAsync(() => graph.SearchAsync("target")));
        await cut.InvokeAsync(graph.FitAsync);
        await cut.InvokeAsync(graph.LayoutAsync);
        Assert.Equal("data:image/png;base64,AAAA", await cut.InvokeAsync(() => graph.ExportPngAsync(3)));
        Assert.Equal("<svg/>", await cut.InvokeAsync(graph.ExportSvgAsync));

        _graph.VerifyInvoke("fit");
        _graph.VerifyInvoke("layout");
    }

    [Fact]
    public async Task Dispose_disposes_the_graph_instance_and_the_callbacks()
    {
        IRenderedComponent<MountGraph> cut = _context.Render<MountGraph>();
        object callbacks = _module.VerifyInvoke("create").Arguments[1]!;

        await cut.InvokeAsync(() => cut.Instance.DisposeAsync().AsTask());

        _graph.VerifyInvoke("dispose", calledTimes: 1);
        // A disposed DotNetObjectReference refuses its value: JS can no longer call in.
        var error = Assert.Throws<TargetInvocationException>(() => callbacks.GetType().GetProperty("Value")!.GetValue(callbacks));
        Assert.IsType<ObjectDisposedException>(error.InnerException);

        // Disposing twice calls nothing again.
        await cut.InvokeAsync(() => cut.Instance.DisposeAsync().AsTask());
        _graph.VerifyInvoke("dispose", calledTimes: 1);
    }

    [Fact]
    public async Task A_lost_circuit_during_dispose_is_swallowed()
    {
        using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Strict;
        BunitJSModuleInterop module = context.JSInterop.SetupModule("./js/graph.js");
        BunitJSInterop graph = module.SetupModule(invocation => invocation.Identifier == "create");
        graph.SetupVoid("dispose").SetException(new JSDisconnectedException("The circuit is gone."));
        IRenderedComponent<MountGraph> cut = context.Render<MountGraph>();

        await cut.InvokeAsync(() => cut.Instance.DisposeAsync().AsTask());

        graph.VerifyInvoke("dispose");
    }
}
