"""Sentence embeddings for matching paraphrases: all-MiniLM-L6-v2 run with numpy, and distilled static embeddings.

Pure domain: no torch, no network, no bot imports.
"""
