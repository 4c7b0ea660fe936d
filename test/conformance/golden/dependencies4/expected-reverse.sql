drop index "public"."mv_id_idx";

drop materialized view "public"."mv";

drop view "public"."v";

alter table "public"."t" drop constraint "t_pkey";

drop table "public"."t";

create table "public"."t2" (
    "a" integer
);
