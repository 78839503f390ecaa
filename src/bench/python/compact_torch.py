#!/usr/bin/env python3
"""PyTorch side of `bench-speed`: docs/architecture.md's `compact` network, layer for layer the DL4J one
(io.celebaspark.model.CompactNetwork), trained on synthetic tensors made here, at the same batch, input
size, labels, optimiser (Adam 1e-3) and thread count as the JVM side. With --conv1x1 it times instead
the same large 1x1 convolution as the JVM's ceiling (PyTorch's own oneDNN/MKL-DNN path), forward only.

Prints one line of JSON: {"examples_per_second": ..., "steps": ..., "seconds": ..., "parameters": ...}
or, with --conv1x1, {"gflops": ..., "calls": ..., "seconds": ...}, or, with --profile, where a training step's
time goes: {"step_seconds": ..., "steps": ..., "operations": {name: seconds per step, ...}}, the wall time per step
under torch.profiler and the inclusive time of every top-level profiler event (no CPU parent: the aten op a
forward layer calls, e.g. aten::conv2d, the autograd node a backward step runs, e.g.
"autograd::engine::evaluate_function: ConvolutionBackward0", Optimizer.step#Adam.step), summed by name; the JVM
groups them (io.celebaspark.bench.StepPart). A measurement, it never judges a number.
"""
import argparse
import json
import time

import torch
from torch import nn


def compact(labels: int, dropout: float) -> nn.Module:
    layers, channels = [], 3
    for i, filters in enumerate((32, 64, 128, 256)):
        layers += [nn.Conv2d(channels, filters, 3, padding=1, bias=False), nn.BatchNorm2d(filters), nn.ReLU()]
        if i < 3:
            layers.append(nn.MaxPool2d(2))
        channels = filters
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(dropout), nn.Linear(channels, labels)]
    return nn.Sequential(*layers)


def train(args) -> dict:
    torch.manual_seed(args.seed)
    model = compact(args.labels, args.dropout).train()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.BCEWithLogitsLoss()
    x = torch.randn(args.batch, 3, args.size, args.size)
    y = (torch.rand(args.batch, args.labels) > 0.5).float()

    def step():
        optimiser.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        optimiser.step()

    for _ in range(args.warmup):
        step()
    if args.profile:
        return profile(step, args.steps)
    start = time.perf_counter()
    for _ in range(args.steps):
        step()
    seconds = time.perf_counter() - start
    return {"examples_per_second": args.batch * args.steps / seconds, "steps": args.steps, "seconds": seconds,
            "parameters": sum(p.numel() for p in model.parameters() if p.requires_grad)}


def profile(step, steps: int) -> dict:
    from torch.profiler import ProfilerActivity
    with torch.profiler.profile(activities=[ProfilerActivity.CPU]) as prof:
        start = time.perf_counter()
        for _ in range(steps):
            step()
        seconds = time.perf_counter() - start
    operations = {}
    for event in prof.events():
        if event.cpu_parent is None:
            operations[event.name] = operations.get(event.name, 0.0) + event.cpu_time_total / 1e6 / steps
    return {"step_seconds": seconds / steps, "steps": steps, "operations": operations}


def conv1x1(args) -> dict:
    n, c, hw = args.conv_shape
    x = torch.randn(n, c, hw, hw)
    conv = nn.Conv2d(c, c, 1, bias=False).eval()
    with torch.no_grad():
        for _ in range(args.warmup):
            conv(x)
        start = time.perf_counter()
        for _ in range(args.steps):
            conv(x)
        seconds = time.perf_counter() - start
    return {"gflops": 2.0 * n * c * c * hw * hw * args.steps / seconds / 1e9, "calls": args.steps, "seconds": seconds}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--labels", type=int, default=3)
    p.add_argument("--dropout", type=float, default=0.3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--conv1x1", action="store_true", help="time the 1x1 convolution ceiling instead")
    p.add_argument("--profile", action="store_true", help="where a training step's time goes (torch.profiler)")
    p.add_argument("--conv-shape", type=int, nargs=3, default=(32, 256, 32), metavar=("N", "C", "HW"))
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    print(json.dumps(conv1x1(args) if args.conv1x1 else train(args)), flush=True)


if __name__ == "__main__":
    main()
