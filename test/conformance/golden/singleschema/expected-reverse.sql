alter type "goodschema"."sdfasdfasdf" rename to "sdfasdfasdf__old_version_to_be_dropped";

drop view "goodschema"."v";

alter table "goodschema"."t" drop column "name";

create type "goodschema"."sdfasdfasdf" as enum ('not shipped', 'shipped', 'delivered');

create view "goodschema"."v" as SELECT 1 AS a;

CREATE INDEX t_id_idx ON goodschema.t USING btree (id);

drop type "goodschema"."sdfasdfasdf__old_version_to_be_dropped";
