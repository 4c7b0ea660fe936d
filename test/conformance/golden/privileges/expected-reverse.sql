revoke select on table "public"."any_table" from "postgres";

create view "public"."any_other_view" as SELECT any_table.id,
    any_table.name
   FROM public.any_table;
