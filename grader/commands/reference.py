"""`grader reference NETWORK`: the per-layer table of a reference network (or Table 3.7)."""

from __future__ import annotations

from typing import Annotated

import typer

from grader.commands._options import EXIT_OK, LangOpt, RefFormat, fail
from grader.render import console, dumps_json
from grader.settings import resolve_lang

__all__ = ["reference", "register"]


def reference(
    network: Annotated[str | None, typer.Argument(help="Network id, e.g. alexnet, vgg19.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the network ids.")] = False,
    output_format: Annotated[RefFormat, typer.Option("--format")] = RefFormat.text,
    lang: LangOpt = None,
    rubric: Annotated[str, typer.Option(
        "--rubric", help="Rubric whose detection table `table3.7` shows.")] = "ch3",
    input_shape: Annotated[str | None, typer.Option(
        "--input", help="Another input shape, C×H×W (e.g. 3x256x256).")] = None,
    classes: Annotated[int | None, typer.Option(
        "--classes", help="Another number of classes (the last layer's outputs).")] = None,
    threshold: Annotated[str | None, typer.Option(
        "--threshold", help="table3.7 at another confidence threshold (e.g. 0.4).")] = None,
) -> None:
    """Per-layer table of a reference network (or `table3.7`: the ranked detection table)."""
    from reference.networks import NETWORKS

    out = console()
    if list_ or network is None:
        for nid, net in NETWORKS.items():
            out.print(f"{nid:<22} {net.description}")
        raise typer.Exit(EXIT_OK)
    from grader.validation import did_you_mean

    if network.lower() in ("table3.7", "table3_7", "table3-7"):
        from grader.commands.table import show_table

        raise typer.Exit(show_table(None, rubric, output_format.value, lang,
                                    threshold=threshold))
    if network not in NETWORKS:
        raise fail(f"unknown network {network!r}; {did_you_mean(network, NETWORKS)}")
    from reference.alternatives import alternatives
    from reference.engine import analyse

    if input_shape is not None or classes is not None:
        from reference.engine import ShapeError
        from reference.variants import parse_shape, variant_stats

        try:
            shape = parse_shape(input_shape) if input_shape is not None else None
            stats = variant_stats(network, shape, classes)
        except (ValueError, ShapeError) as exc:
            raise fail(str(exc)) from None
        if output_format is RefFormat.json:
            out.file.write(dumps_json(stats.to_json_dict()))
            return
        from grader.render import print_reference

        print_reference(out, stats, NETWORKS[network].description, (), resolve_lang(lang))
        return
    stats = analyse(network)
    if output_format is RefFormat.json:
        out.file.write(dumps_json(stats.to_json_dict()))
        return
    from grader.render import print_reference

    print_reference(out, stats, NETWORKS[network].description, alternatives(network),
                    resolve_lang(lang))


def register(app: typer.Typer) -> None:
    """Add this module's command to `app`."""
    app.command(name="reference")(reference)
