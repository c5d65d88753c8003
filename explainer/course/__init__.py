"""What is made from the rendered videos: the gallery page (and, later, exports). It reads
renders/manifest.json and the content files, never a scene or Manim."""
