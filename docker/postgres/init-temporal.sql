-- Temporal keeps its own databases on the same PostgreSQL server (separate from the application's).
CREATE DATABASE temporal;
CREATE DATABASE temporal_visibility;
