drop policy "example_all" on "public"."example";

alter table "public"."example" drop constraint "example_pkey";

drop table "public"."example";

drop sequence if exists "public"."example_id_seq";

create table "public"."t" (
);
