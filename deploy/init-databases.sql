-- One database per service (docs/architecture.md, "Data ownership").
-- The postgres image runs this once, when it initialises an empty data volume.
-- Each service creates its own tables with Flyway when it starts.
CREATE DATABASE registration;
CREATE DATABASE review;
CREATE DATABASE cardproduction;
CREATE DATABASE notification;
