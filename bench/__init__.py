"""Benchmarks, load and fault harnesses of the fulfillment desk (see BENCHMARKS.md)."""
