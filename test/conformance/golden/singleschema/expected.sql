alter type "goodschema"."sdfasdfasdf" rename to "sdfasdfasdf__old_version_to_be_dropped";

drop view "goodschema"."v";

drop index "goodschema"."t_id_idx";

create type "goodschema"."sdfasdfasdf" as enum ('not shipped', 'shipped', 'delivered', 'not delivered');

alter table "goodschema"."t" add column "name" text;

create view "goodschema"."v" as SELECT 2 AS a;

drop type "goodschema"."sdfasdfasdf__old_version_to_be_dropped";
