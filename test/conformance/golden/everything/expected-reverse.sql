set check_function_bodies = off;

create schema if not exists "badschema";

create extension if not exists "pg_trgm" with schema "public";

alter type "public"."shipping_status" rename to "shipping_status__old_version_to_be_dropped";

alter type "public"."unused_enum" rename to "unused_enum__old_version_to_be_dropped";

drop view "public"."vvv";

drop materialized view "public"."matvvv";

alter table "public"."order_items" drop constraint "order_items_product_no_fkey";

alter table "public"."order_items" drop constraint "order_items_order_id_fkey";

alter table "public"."products" drop constraint "y";

alter table "public"."products" drop constraint "products_pkey";

alter table "public"."order_items" drop constraint "order_items_pkey";

alter table "public"."products" drop constraint "x";

drop index "public"."products_name_idx";

drop function "public"."newfunc"(i integer, t text[]);

alter table "public"."products" alter column "product_no" drop default;

alter table "public"."products" drop column "newcolumn2";

alter table "public"."orders" drop column "h";

drop table "public"."columnless_table2";

drop table "public"."order_items";

drop table "public"."bug";

drop sequence if exists "public"."products_product_no_seq";

drop sequence if exists "public"."bug_id_seq";

create type "public"."unwanted_enum" as enum ('unwanted', 'not wanted');

create type "public"."shipping_status" as enum ('not shipped', 'shipped');

create type "public"."unused_enum" as enum ('a', 'b');

create sequence "public"."aunwanted_id_seq" as integer increment by 1 minvalue 1 maxvalue 2147483647 start with 1 cache 1 no cycle;

create sequence "public"."orders_order_id_seq" as integer increment by 1 minvalue 1 maxvalue 2147483647 start with 1 cache 1 no cycle;

create table "public"."columnless_table" (
);

create table "public"."aunwanted" (
    "id" integer default nextval('public.aunwanted_id_seq'::regclass) not null,
    "name" text not null
);

alter table "public"."change_to_logged" set unlogged;

alter table "public"."change_to_unlogged" set logged;

alter table "public"."products" alter column "product_no" drop not null;

alter table "public"."products" alter column "name" set data type character varying(10) using "name"::character varying(10);

alter table "public"."products" alter column "name" set not null;

alter table "public"."products" alter column "price" drop default;

alter table "public"."products" alter column "price" drop not null;

alter table "public"."products" alter column "x" set not null;

alter table "public"."products" alter column "x" set default 7;

alter table "public"."products" add column "z" integer;

alter table "public"."products" add column "zz" integer;

alter table "public"."orders" alter column "order_id" set default nextval('public.orders_order_id_seq'::regclass);

alter table "public"."orders" alter column "status2" set data type public.usage_dropped_enum using "status2"::text::public.usage_dropped_enum;

alter table "public"."orders" alter column "status" set data type public.shipping_status using "status"::text::public.shipping_status;

alter sequence "public"."aunwanted_id_seq" owned by "public"."aunwanted"."id";

alter sequence "public"."orders_order_id_seq" owned by "public"."orders"."order_id";

CREATE OR REPLACE FUNCTION public.changed(i integer, t text[])
 RETURNS TABLE(a text, c integer)
 LANGUAGE plpgsql
 STABLE STRICT SECURITY DEFINER
AS $function$
 declare
        BEGIN
                select 'no', 1;
        END;

$function$;

create view "public"."vvv" as SELECT products.product_no,
    products.name,
    products.price,
    products.x,
    products.newcolumn AS oldcolumn,
    products.z,
    products.zz
   FROM public.products;

create materialized view "public"."matvvv" as SELECT products.product_no,
    products.name,
    products.price,
    products.x,
    products.newcolumn AS oldcolumn,
    products.z,
    products.zz
   FROM public.products;

CREATE UNIQUE INDEX products_x_idx ON public.products USING btree (x);

CREATE UNIQUE INDEX orders_order_id_idx ON public.orders USING btree (order_id);

CREATE INDEX products_price_idx ON public.products USING btree (price);

alter table "public"."aunwanted" add constraint "aunwanted_pkey" PRIMARY KEY (id);

alter table "public"."products" add constraint "products_name_key" UNIQUE (name);

alter table "public"."products" add constraint "products_x_key" UNIQUE (x);

alter table "public"."products" add constraint "x" CHECK ((price > (0)::numeric));

alter table "public"."products" add constraint "products_z_fkey" FOREIGN KEY (z) REFERENCES public.orders(order_id) ON DELETE CASCADE;

alter table "public"."products" add constraint "products_zz_fkey" FOREIGN KEY (zz) REFERENCES public.aunwanted(id) ON DELETE CASCADE;

drop type "public"."bug_status";

drop type "public"."shipping_status__old_version_to_be_dropped";

drop type "public"."unused_enum__old_version_to_be_dropped";

drop extension if exists "hstore";

drop extension if exists "citext";

drop schema if exists "evenbetterschema";
